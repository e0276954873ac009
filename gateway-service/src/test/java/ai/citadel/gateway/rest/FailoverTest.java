package ai.citadel.gateway.rest;

import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import ai.citadel.testing.quarkus.OpenAiSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing across an OpenAI-compatible backend (llm-01, preferred) and an Ollama one (llm-02). */
@QuarkusTest
@TestProfile(TwoBackendsProfile.class)
@QuarkusTestResource(value = OpenAiSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "url-property", value = "citadel.backends.llm-01.url"),
        @ResourceArg(name = "url-suffix", value = "/v1"),
        @ResourceArg(name = "name", value = "llm-01")})
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "name", value = "llm-02")})
class FailoverTest {

    static final String CHAT = """
            {"model":"phi3","messages":[{"role":"user","content":"why is the sky blue"}]}""";
    static final String STREAMED_CHAT = """
            {"model":"phi3","stream":true,"messages":[{"role":"user","content":"why is the sky blue"}]}""";
    static final String ANSWER = "why is the sky blue why is the sky blue why is";
    static final String CIRCUIT = "citadel_backend_circuit_state{backend=\"llm-01\"}";
    static final String FAILOVERS = "citadel_gateway_failovers_total{from_backend=\"llm-01\"}";

    @InjectSimulator("llm-01")
    OpenAiSimulator openAi;

    @InjectSimulator("llm-02")
    OllamaSimulator ollama;

    @BeforeEach
    void circuitClosed() {
        awaitCircuitClosed();
    }

    @Test
    void openAiBackendServesChatPassedThrough() {
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                .statusCode(200)
                .header("X-Citadel-Backend", "llm-01")
                .body("choices[0].message.content", equalTo(ANSWER))
                .body("usage.completion_tokens", equalTo(12));

        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON)
                .body("""
                        {"model":"phi3","stream":true,"stream_options":{"include_usage":true},
                         "messages":[{"role":"user","content":"why is the sky blue"}]}""")
                .post("/v1/chat/completions").asString());
        assertEquals(ANSWER, events.text());
        assertTrue(events.endsWithDone());
        assertEquals(12, events.json().getLast().getInt("usage.completion_tokens"));
        assertEquals("phi3:latest", JsonPath.from(openAi.controls().lastRequest("/v1/chat/completions").orElseThrow().body()).getString("model"));
    }

    @Test
    void openAiBackendGetsNeitherImageUrlsNorVendorFields() {
        given().contentType(ContentType.JSON)
                .body("""
                        {"model":"phi3","top_k":40,"guided_json":{"type":"object"},
                         "messages":[{"role":"user","content":"why is the sky blue"}]}""")
                .post("/v1/chat/completions").then()
                .statusCode(200)
                .header("X-Citadel-Backend", "llm-01");
        String sent = openAi.controls().lastRequest("/v1/chat/completions").orElseThrow().body();
        assertFalse(sent.contains("top_k") || sent.contains("guided_json"), sent);

        given().contentType(ContentType.JSON)
                .body("""
                        {"model":"phi3","messages":[{"role":"user","content":[{"type":"text","text":"what is this"},
                         {"type":"image_url","image_url":{"url":"http://169.254.169.254/latest/meta-data"}}]}]}""")
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("messages[0].content"));
        assertEquals(1, openAi.controls().requestCount("/v1/chat/completions"), "the image URL never left");
        assertEquals(0, ollama.controls().requestCount("/api/chat"));
    }

    @Test
    void openAiToolCallsStreamThrough() {
        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON)
                .body("""
                        {"model":"phi3","stream":true,"messages":[{"role":"user","content":"call get_weather"}],
                         "tools":[%s]}""".formatted(ChatCompletionsOllamaTest.WEATHER_TOOL))
                .post("/v1/chat/completions").asString());
        String arguments = events.json().stream()
                .map(c -> c.getString("choices[0].delta.tool_calls[0].function.arguments"))
                .filter(a -> a != null)
                .reduce("", String::concat);
        assertEquals("{\"city\":\"sample-city\"}", arguments);
        assertEquals("tool_calls", events.json().getLast().getString("choices[0].finish_reason"));
    }

    @Test
    void failingBackendIsSkippedItsCircuitOpensAndClosesAfterRecovery() {
        double failoversBefore = MetricsScrape.value(FAILOVERS);
        openAi.controls().failNext(3, 503);
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                    .statusCode(200)
                    .header("X-Citadel-Backend", "llm-02")
                    .body("choices[0].message.content", equalTo(ANSWER));
        }
        assertEquals(3, openAi.controls().requestCount("/v1/chat/completions"), "open circuit keeps traffic away");
        assertEquals(1.0, MetricsScrape.value(CIRCUIT), "llm-01's circuit is open");
        assertEquals(3.0, MetricsScrape.value(FAILOVERS) - failoversBefore);

        awaitCircuitClosed();
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                .statusCode(200)
                .header("X-Citadel-Backend", "llm-01");
    }

    @Test
    void failureBeforeTheFirstTokenFailsOverForStreamsToo() {
        openAi.controls().cutAfterTokens(0);
        Response response = given().contentType(ContentType.JSON).body(STREAMED_CHAT).post("/v1/chat/completions");
        response.then().statusCode(200).header("X-Citadel-Backend", "llm-02");
        assertEquals(ANSWER, SseEvents.parse(response.asString()).text());
    }

    @Test
    void slowFirstTokenFailsOver() {
        openAi.controls().delayBeforeFirstToken(Duration.ofSeconds(3));
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                .statusCode(200)
                .header("X-Citadel-Backend", "llm-02");
    }

    @Test
    void midStreamCutIsAnErrorEventWithoutDoneAndNoRetry() {
        // tokens spaced out so the gateway has read them before the reset (a reset discards unread bytes)
        openAi.controls().cutAfterTokens(4).delayBetweenTokens(Duration.ofMillis(50));
        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON).body(STREAMED_CHAT)
                .post("/v1/chat/completions").asString());

        assertFalse(events.endsWithDone(), "no [DONE] after a broken stream");
        JsonPath last = events.json().getLast();
        assertEquals("backend_stream_broken", last.getString("error.code"));
        assertEquals("server_error", last.getString("error.type"));
        assertTrue(ANSWER.startsWith(events.text()) && !events.text().isEmpty(), "tokens sent before the cut");
        assertEquals(0, ollama.controls().requestCount("/api/chat"), "never retried after a token was sent");
    }

    @Test
    void busyBackendsPassOn429WithRetryAfter() {
        openAi.controls().failNext(1, 429, Duration.ofSeconds(7));
        ollama.controls().failNext(1, 429, Duration.ofSeconds(9));
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                .statusCode(429)
                .header("Retry-After", "7")
                .body("error.type", equalTo("rate_limit_error"));

        openAi.controls().failNext(1, 429, Duration.ofSeconds(7));
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                .statusCode(200)
                .header("X-Citadel-Backend", "llm-02");
    }

    @Test
    void noBackendAvailableIs503NamingEachBackendAndWhy() {
        openAi.controls().failNext(1, 500);
        ollama.controls().failNext(1, 503);
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                .statusCode(503)
                .body("error.type", equalTo("server_error"))
                .body("error.message", allOf(containsString("llm-01"), containsString("500"),
                        containsString("llm-02"), containsString("503")));
    }

    @Test
    void timeLimitEndsTheStreamWithAnErrorEventAndNoDone() {
        openAi.controls().delayBetweenTokens(Duration.ofMillis(300));
        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON).body(CHAT)
                .post("/v1/agents/stream?agent_type=tight").asString());

        assertFalse(events.endsWithDone());
        assertEquals("stream_time_limit", events.json().getLast().getString("error.code"));
        assertFalse(events.contents().isEmpty(), "tokens before the limit were delivered");
    }

    @Test
    void silentBackendGetsKeepAliveComments() {
        openAi.controls().tokenCount(3).delayBetweenTokens(Duration.ofMillis(600));
        String body = given().contentType(ContentType.JSON).body(STREAMED_CHAT).post("/v1/chat/completions")
                .asString();
        assertTrue(body.contains("\n: keep-alive\n\n"), body);
        assertTrue(SseEvents.parse(body).endsWithDone());
    }

    @Test
    void clientLeavingCancelsTheStream() throws Exception {
        double cancelledBefore = MetricsScrape.sum("citadel_gateway_requests_total", "status=\"cancelled\"");
        openAi.controls().delayBetweenTokens(Duration.ofMillis(300));
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(STREAMED_CHAT)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream stream = response.body()) {
            assertTrue(stream.read(new byte[64]) > 0, "the stream started");
        }
        client.shutdownNow();

        Instant deadline = Instant.now().plusSeconds(10);
        while (MetricsScrape.sum("citadel_gateway_requests_total", "status=\"cancelled\"") == cancelledBefore) {
            assertTrue(Instant.now().isBefore(deadline), "the gateway noticed the client left");
            sleep(100);
        }
    }

    /** A test that opened llm-01's circuit leaves it open for the breaker's delay (1 s). */
    private static void awaitCircuitClosed() {
        Instant deadline = Instant.now().plusSeconds(10);
        while (Instant.now().isBefore(deadline)) {
            if (MetricsScrape.value(CIRCUIT) == 0.0) {
                return;
            }
            // a request lets the breaker try llm-01 again once its delay is over
            sleep(1100);
            given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
