package ai.citadel.gateway.rest;

import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OpenAI clients in front of an Ollama backend (translated from its native API). */
@QuarkusTest
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class ChatCompletionsOllamaTest {

    static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Current weather",
             "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""";

    @InjectSimulator
    OllamaSimulator ollama;

    @Test
    void nonStreamingChatIsOneChatCompletion() {
        given().contentType(ContentType.JSON)
                .header("X-Request-Id", "chat-1")
                .body("""
                        {"model":"phi3","messages":[{"role":"system","content":"be brief"},
                         {"role":"user","content":"why is the sky blue"}]}""")
                .post("/v1/chat/completions").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .header("X-Request-Id", "chat-1")
                .header("X-Citadel-Backend", "llm-02")
                .header("X-Citadel-Overhead-Ms", matchesPattern("\\d+\\.\\d{2}"))
                .body("id", startsWith("chatcmpl-"))
                .body("object", equalTo("chat.completion"))
                .body("created", greaterThan(1_700_000_000))
                .body("model", equalTo("phi3:latest"))
                .body("choices[0].index", equalTo(0))
                .body("choices[0].message.role", equalTo("assistant"))
                .body("choices[0].message.content", equalTo("why is the sky blue why is the sky blue why is"))
                .body("choices[0].finish_reason", equalTo("stop"))
                .body("usage.completion_tokens", equalTo(12))
                .body("usage.prompt_tokens", greaterThan(0))
                .body("usage.total_tokens", greaterThan(12));

        // the request id reaches the backend, and the alias was resolved to the backend's model name
        assertEquals("chat-1", ollama.controls().lastRequest("/api/chat").orElseThrow().header("X-Request-Id").orElseThrow());
        assertTrue(ollama.controls().lastRequest("/api/chat").orElseThrow().body().contains("\"model\":\"phi3:latest\""));
    }

    @Test
    void optionsAreTranslatedAndMaxTokensEndsWithLength() {
        // temperature 0 would be answered from the response cache after the first run: this test needs the backend
        given().contentType(ContentType.JSON).header("X-Citadel-Cache", "no-store")
                .body("""
                        {"model":"phi3:latest","messages":[{"role":"user","content":"count the stars"}],
                         "max_tokens":3,"temperature":0,"seed":7,"stop":"END"}""")
                .post("/v1/chat/completions").then()
                .statusCode(200)
                .body("choices[0].message.content", equalTo("count the stars"))
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(3));

        JsonPath sent = JsonPath.from(ollama.controls().lastRequest("/api/chat").orElseThrow().body());
        assertEquals(3, sent.getInt("options.num_predict"));
        assertEquals(7, sent.getInt("options.seed"));
        assertEquals(List.of("END"), sent.getList("options.stop"));
    }

    @Test
    void streamingChatIsOpenAiServerSentEvents() {
        Response response = given().contentType(ContentType.JSON)
                .body("""
                        {"model":"phi3","stream":true,"stream_options":{"include_usage":true},
                         "messages":[{"role":"user","content":"why is the sky blue"}]}""")
                .post("/v1/chat/completions");

        response.then().statusCode(200)
                .contentType(startsWith("text/event-stream"))
                .header("Cache-Control", "no-cache")
                .header("X-Accel-Buffering", "no")
                .header("X-Citadel-Backend", "llm-02");
        SseEvents events = SseEvents.parse(response.asString());
        List<JsonPath> chunks = events.json();

        assertTrue(events.endsWithDone(), "ends with [DONE]");
        assertEquals(1, chunks.stream().map(c -> c.getString("id")).distinct().count(), "one id on every chunk");
        assertEquals(1, chunks.stream().map(c -> c.getLong("created")).distinct().count());
        assertTrue(chunks.stream().allMatch(c -> c.getString("object").equals("chat.completion.chunk")));
        assertEquals("assistant", chunks.getFirst().getString("choices[0].delta.role"));
        assertEquals(12, events.contents().size(), "one chunk per token");
        assertEquals("why is the sky blue why is the sky blue why is", events.text());

        JsonPath finish = chunks.get(chunks.size() - 2);
        assertEquals("stop", finish.getString("choices[0].finish_reason"));
        JsonPath usage = chunks.getLast();
        assertEquals(List.of(), usage.getList("choices"));
        assertEquals(12, usage.getInt("usage.completion_tokens"));
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() {
        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").asString());
        assertTrue(events.endsWithDone());
        assertTrue(events.json().stream().noneMatch(c -> c.get("usage") != null));
        assertEquals("stop", events.json().getLast().getString("choices[0].finish_reason"));
    }

    @Test
    void toolCallsComeBackAsOpenAiToolCalls() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"model":"phi3","messages":[{"role":"user","content":"use get_weather for Paris"}],
                         "tools":[%s]}""".formatted(WEATHER_TOOL))
                .post("/v1/chat/completions").then()
                .statusCode(200)
                .body("choices[0].finish_reason", equalTo("tool_calls"))
                .body("choices[0].message.content", nullValue())
                .body("choices[0].message.tool_calls[0].id", startsWith("call_"))
                .body("choices[0].message.tool_calls[0].type", equalTo("function"))
                .body("choices[0].message.tool_calls[0].function.name", equalTo("get_weather"))
                .body("choices[0].message.tool_calls[0].function.arguments", equalTo("{\"city\":\"sample-city\"}"));
    }

    @Test
    void toolCallsStreamAsToolCallDeltas() {
        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON)
                .body("""
                        {"model":"phi3","stream":true,"messages":[{"role":"user","content":"call get_weather"}],
                         "tools":[%s]}""".formatted(WEATHER_TOOL))
                .post("/v1/chat/completions").asString());

        JsonPath call = events.json().stream().filter(c -> c.get("choices[0].delta.tool_calls") != null)
                .findFirst().orElseThrow();
        assertEquals("get_weather", call.getString("choices[0].delta.tool_calls[0].function.name"));
        assertEquals("{\"city\":\"sample-city\"}", call.getString("choices[0].delta.tool_calls[0].function.arguments"));
        assertEquals(0, call.getInt("choices[0].delta.tool_calls[0].index"));
        assertEquals("tool_calls", events.json().getLast().getString("choices[0].finish_reason"));
        assertTrue(events.endsWithDone());
    }

    @Test
    void toolResultsGoBackToOllamaWithObjectArguments() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"model":"phi3","tools":[%s],"messages":[
                          {"role":"user","content":"weather in Paris?"},
                          {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                            "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                          {"role":"tool","tool_call_id":"call_1","content":"sunny"}]}""".formatted(WEATHER_TOOL))
                .post("/v1/chat/completions").then()
                .statusCode(200);

        JsonPath sent = JsonPath.from(ollama.controls().lastRequest("/api/chat").orElseThrow().body());
        assertEquals("Paris", sent.getString("messages[1].tool_calls[0].function.arguments.city"));
        assertEquals("tool", sent.getString("messages[2].role"));
        assertEquals("get_weather", sent.getString("messages[2].tool_name"));
    }

    @Test
    void legacyCompletionsBothWays() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"prompt\":\"once upon a time\",\"max_tokens\":5}")
                .post("/v1/completions").then()
                .statusCode(200)
                .body("id", startsWith("cmpl-"))
                .body("object", equalTo("text_completion"))
                .body("choices[0].text", equalTo("once upon a time once"))
                .body("choices[0].finish_reason", equalTo("length"))
                .body("usage.completion_tokens", equalTo(5));

        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"prompt\":\"once upon a time\",\"max_tokens\":5,\"stream\":true}")
                .post("/v1/completions").asString());
        assertTrue(events.endsWithDone());
        String text = events.json().stream().map(c -> c.getString("choices[0].text")).reduce("", String::concat);
        assertEquals("once upon a time once", text);
        assertEquals("text_completion", events.json().getFirst().getString("object"));
    }

    @Test
    void modelsListsTheCatalog() {
        given().get("/v1/models").then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.id", hasItems("phi3:latest", "mixtral:latest", "nomic-embed-text:latest"))
                .body("data[0].object", equalTo("model"))
                .body("data.find { it.id == 'phi3:latest' }.aliases", equalTo(List.of("phi3")))
                .body("data.find { it.id == 'phi3:latest' }.kind", equalTo("chat"))
                .body("data.find { it.id == 'phi3:latest' }.backends[0].name", equalTo("llm-02"))
                .body("data.find { it.id == 'phi3:latest' }.backends[0].available", equalTo(true))
                .body("data.find { it.id == 'nomic-embed-text:latest' }.kind", equalTo("embedding"));
    }

    @Test
    void metricsShowRequestsLatencyTokensAndBackendState() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}")
                .post("/v1/chat/completions").then().statusCode(200);

        String chat = "endpoint=\"/v1/chat/completions\"";
        assertTrue(MetricsScrape.sum("citadel_gateway_requests_total", chat, "status=\"completed\"",
                "backend=\"llm-02\"", "model=\"phi3:latest\"") >= 2);
        assertTrue(MetricsScrape.sum("citadel_gateway_request_duration_seconds_count", chat) >= 2);
        assertTrue(MetricsScrape.sum("citadel_gateway_time_to_first_token_seconds_count", chat) >= 1);
        assertTrue(MetricsScrape.sum("citadel_gateway_overhead_seconds_count", chat) >= 2);
        assertTrue(MetricsScrape.sum("citadel_gateway_completion_tokens_total", "model=\"phi3:latest\"") >= 24);
        assertTrue(MetricsScrape.sum("citadel_gateway_prompt_tokens_total", "model=\"phi3:latest\"") > 0);
        assertEquals(0.0, MetricsScrape.value("citadel_backend_circuit_state{backend=\"llm-02\"}"));
        given().get("/metrics").then().body(containsString("citadel_gateway_request_duration_seconds_bucket"));
    }

    @Test
    void unknownModelIs404NamingTheValidOnes() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"gpt-7\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then()
                .statusCode(404)
                .body("error.code", equalTo("model_not_found"))
                .body("error.type", equalTo("not_found_error"))
                .body("error.param", equalTo("model"))
                .body("error.message", containsString("phi3:latest"));
    }

    @Test
    void badRequestsAre400WithTheParam() {
        given().contentType(ContentType.JSON).body("{\"model\":\"phi3\"}").post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("messages"));
        given().contentType(ContentType.JSON).body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.param", equalTo("model"));
        given().contentType(ContentType.JSON).body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.code", equalTo("invalid_json"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.param", equalTo("temperature"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.param", equalTo("messages[0].role"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.param", equalTo("n"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"no type\"}]}]}")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.param", equalTo("messages[0].content[0].type"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":[null]}]}")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.param", equalTo("messages[0].content"));
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"assistant\",\"tool_calls\":[{}]}]}")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.param", startsWith("messages[0].tool_calls[0]."));
        assertEquals(0, ollama.controls().requestCount("/api/chat"), "no malformed message reached the backend");
        given().contentType(ContentType.JSON).body("")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.message", notNullValue());
        given().contentType("text/plain").body("hello").post("/v1/chat/completions").then()
                .statusCode(415)
                .body("error.type", equalTo("invalid_request_error"));
    }
}
