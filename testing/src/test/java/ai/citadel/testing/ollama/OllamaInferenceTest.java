package ai.citadel.testing.ollama;

import static ai.citadel.testing.TestHttp.json;
import static ai.citadel.testing.TestHttp.lines;
import static ai.citadel.testing.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.TestHttp;
import ai.citadel.testing.junit.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OllamaInferenceTest {

    private static final Pattern RFC3339_NANOS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final List<String> FINAL_STATISTICS = List.of("total_duration", "load_duration",
            "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration");
    private static final String WEATHER_TOOL = """
            [{"type":"function","function":{"name":"get_current_weather","description":"weather",
              "parameters":{"type":"object","properties":{
                "location":{"type":"string"},
                "format":{"type":"string","enum":["celsius","fahrenheit"]}},
              "required":["location","format"]}}}]""";

    @Simulator
    private static OllamaSimulator ollama;

    @Test
    void chatStreamEndsWithExactlyOneDoneRecordCarryingTheStatistics() {
        HttpResponse<String> response = post(ollama.baseUrl() + "/api/chat", """
                {"model":"phi3","messages":[{"role":"user","content":"why is the sky blue?"}]}""");

        assertEquals(200, response.statusCode());
        assertEquals("application/x-ndjson", response.headers().firstValue("Content-Type").orElseThrow());
        List<JsonNode> records = lines(response.body()).stream().map(TestHttp::json).toList();
        List<JsonNode> tokens = records.subList(0, records.size() - 1);
        JsonNode last = records.getLast();
        assertEquals(12, tokens.size());
        StringBuilder content = new StringBuilder();
        for (JsonNode token : tokens) {
            assertFalse(token.path("done").asBoolean(true), token.toString());
            assertEquals("phi3", token.path("model").asText());
            assertTrue(RFC3339_NANOS.matcher(token.path("created_at").asText()).matches(), token.toString());
            assertEquals("assistant", token.path("message").path("role").asText());
            assertFalse(token.has("total_duration"));
            content.append(token.path("message").path("content").asText());
        }
        assertEquals("why is the sky blue why is the sky blue why is", content.toString());
        assertTrue(last.path("done").asBoolean(), last.toString());
        assertEquals("stop", last.path("done_reason").asText());
        assertEquals("", last.path("message").path("content").asText());
        for (String statistic : FINAL_STATISTICS) {
            assertTrue(last.path(statistic).asLong() > 0, statistic + " in " + last);
        }
        assertEquals(12, last.path("eval_count").asInt());
        assertEquals(5, last.path("prompt_eval_count").asInt());
        assertTrue(last.path("total_duration").asLong() >= last.path("eval_duration").asLong());
    }

    @Test
    void aTrailingAssistantMessageIsContinued() {
        List<JsonNode> records = lines(post(ollama.baseUrl() + "/api/chat", """
                {"model":"phi3","messages":[{"role":"user","content":"why is the sky blue?"},
                 {"role":"assistant","content":"why is the sky"}]}""").body()).stream().map(TestHttp::json).toList();
        StringBuilder content = new StringBuilder();
        records.forEach(record -> content.append(record.path("message").path("content").asText()));
        assertEquals(" blue why is the sky blue why is", content.toString());
        assertEquals(8, records.getLast().path("eval_count").asInt());
    }

    @Test
    void numPredictCutsTheReplyWithDoneReasonLength() {
        List<String> records = lines(post(ollama.baseUrl() + "/api/chat", """
                {"model":"phi3:latest","messages":[{"role":"user","content":"count to ten"}],
                 "options":{"num_predict":3}}""").body());

        assertEquals(4, records.size());
        JsonNode last = json(records.getLast());
        assertEquals("length", last.path("done_reason").asText());
        assertEquals(3, last.path("eval_count").asInt());
    }

    @Test
    void nonStreamingChatIsOneObjectWithTheWholeMessage() {
        HttpResponse<String> response = post(ollama.baseUrl() + "/api/chat", """
                {"model":"PHI3:latest","stream":false,"messages":[{"role":"user","content":"hello there"}]}""");

        assertEquals(200, response.statusCode());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = json(response.body());
        assertEquals("PHI3:latest", body.path("model").asText());
        assertEquals("hello there hello there hello there hello there hello there hello there",
                body.path("message").path("content").asText());
        assertTrue(body.path("done").asBoolean());
        assertEquals("stop", body.path("done_reason").asText());
        FINAL_STATISTICS.forEach(statistic -> assertTrue(body.path(statistic).asLong() > 0, statistic));
    }

    @Test
    void sameMessagesGiveTheSameReply() {
        String request = """
                {"model":"mixtral","stream":false,"messages":[{"role":"user","content":"tell me a story"}]}""";

        String first = json(post(ollama.baseUrl() + "/api/chat", request).body()).path("message").path("content").asText();
        String second = json(post(ollama.baseUrl() + "/api/chat", request).body()).path("message").path("content").asText();

        assertEquals(first, second);
    }

    @Test
    void generateStreamsResponsesAndEndsWithContextAndStatistics() {
        List<JsonNode> records = lines(post(ollama.baseUrl() + "/api/generate", """
                {"model":"openchat","prompt":"Why is the sky blue?"}""").body())
                .stream().map(TestHttp::json).toList();

        assertEquals(13, records.size());
        records.subList(0, 12).forEach(record -> {
            assertFalse(record.path("done").asBoolean(true));
            assertTrue(record.path("response").isTextual());
        });
        JsonNode last = records.getLast();
        assertTrue(last.path("done").asBoolean());
        assertEquals("", last.path("response").asText());
        assertEquals("stop", last.path("done_reason").asText());
        assertTrue(last.path("context").isArray() && !last.path("context").isEmpty());
        FINAL_STATISTICS.forEach(statistic -> assertTrue(last.path(statistic).asLong() > 0, statistic));
    }

    @Test
    void nonStreamingGenerateCarriesTheWholeResponse() {
        JsonNode body = json(post(ollama.baseUrl() + "/api/generate", """
                {"model":"openchat","prompt":"one two","stream":false,"options":{"num_predict":4}}""").body());

        assertEquals("one two one two", body.path("response").asText());
        assertEquals("length", body.path("done_reason").asText());
        assertTrue(body.path("context").isArray());
    }

    @Test
    void jsonFormatMakesTheContentValidJson() {
        JsonNode body = json(post(ollama.baseUrl() + "/api/chat", """
                {"model":"phi3","stream":false,"format":"json",
                 "messages":[{"role":"user","content":"answer in JSON"}]}""").body());

        JsonNode content = json(body.path("message").path("content").asText());
        assertTrue(content.path("reply").asText().startsWith("answer in JSON"));
    }

    @Test
    void namingAToolInThePromptCallsIt() {
        JsonNode body = json(post(ollama.baseUrl() + "/api/chat", """
                {"model":"mixtral","stream":false,"tools":%s,
                 "messages":[{"role":"user","content":"Use get_current_weather for Paris"}]}""".formatted(WEATHER_TOOL))
                .body());

        JsonNode message = body.path("message");
        assertEquals("", message.path("content").asText());
        JsonNode function = message.path("tool_calls").path(0).path("function");
        assertEquals("get_current_weather", function.path("name").asText());
        assertEquals("sample-location", function.path("arguments").path("location").asText());
        assertEquals("celsius", function.path("arguments").path("format").asText());
        assertEquals("stop", body.path("done_reason").asText());
    }

    @Test
    void aToolsResultIsAnsweredInTextNotWithTheSameCallAgain() {
        JsonNode message = json(post(ollama.baseUrl() + "/api/chat", """
                {"model":"mixtral","stream":false,"tools":%s,
                 "messages":[{"role":"user","content":"Use get_current_weather for Paris"},
                             {"role":"assistant","content":"","tool_calls":[{"function":
                               {"name":"get_current_weather","arguments":{"location":"Paris"}}}]},
                             {"role":"tool","content":"light rain and 12 degrees"}]}""".formatted(WEATHER_TOOL))
                .body()).path("message");

        assertFalse(message.has("tool_calls"), message.toString());
        assertTrue(message.path("content").asText().startsWith("light rain and 12 degrees"), message.toString());
    }

    @Test
    void aStreamedToolCallIsOneRecordBeforeTheFinalOne() {
        List<JsonNode> records = lines(post(ollama.baseUrl() + "/api/chat", """
                {"model":"mixtral","tools":%s,
                 "messages":[{"role":"user","content":"call GET_CURRENT_WEATHER please"}]}""".formatted(WEATHER_TOOL))
                .body()).stream().map(TestHttp::json).toList();

        assertEquals(2, records.size());
        assertFalse(records.getFirst().path("done").asBoolean(true));
        assertEquals("get_current_weather",
                records.getFirst().path("message").path("tool_calls").path(0).path("function").path("name").asText());
        assertTrue(records.getLast().path("done").asBoolean());
        assertFalse(records.getLast().path("message").has("tool_calls"));
    }

    @Test
    void toolsThePromptDoesNotNameAreNotCalled() {
        JsonNode body = json(post(ollama.baseUrl() + "/api/chat", """
                {"model":"mixtral","stream":false,"tools":%s,
                 "messages":[{"role":"user","content":"just say hi"}]}""".formatted(WEATHER_TOOL)).body());

        assertFalse(body.path("message").has("tool_calls"));
        assertTrue(body.path("message").path("content").asText().startsWith("just say hi"));
    }

    @Test
    void unknownModelsGetOllamasExactNotFoundBodies() {
        HttpResponse<String> chat = post(ollama.baseUrl() + "/api/chat", """
                {"model":"llama9","messages":[{"role":"user","content":"hi"}]}""");
        HttpResponse<String> generate = post(ollama.baseUrl() + "/api/generate", """
                {"model":"llama9","prompt":"hi"}""");
        HttpResponse<String> embed = post(ollama.baseUrl() + "/api/embed", """
                {"model":"llama9","input":"hi"}""");

        assertEquals(404, chat.statusCode());
        assertEquals("{\"error\":\"model 'llama9' not found\"}", chat.body());
        assertEquals(404, generate.statusCode());
        assertEquals("{\"error\":\"model 'llama9' not found\"}", generate.body());
        assertEquals(404, embed.statusCode());
        assertEquals("{\"error\":\"model \\\"llama9\\\" not found, try pulling it first\"}", embed.body());
    }

    @Test
    void badRequestsGet400WithAnError() {
        HttpResponse<String> brokenJson = post(ollama.baseUrl() + "/api/chat", "{\"model\":");
        HttpResponse<String> empty = post(ollama.baseUrl() + "/api/chat", "");
        HttpResponse<String> embeddingModel = post(ollama.baseUrl() + "/api/chat", """
                {"model":"all-minilm","messages":[{"role":"user","content":"hi"}]}""");

        assertEquals(400, brokenJson.statusCode());
        assertTrue(json(brokenJson.body()).path("error").asText().startsWith("invalid JSON body"));
        assertEquals(400, empty.statusCode());
        assertEquals("{\"error\":\"missing request body\"}", empty.body());
        assertEquals(400, embeddingModel.statusCode());
        assertEquals("{\"error\":\"\\\"all-minilm\\\" does not support chat\"}", embeddingModel.body());
    }

    @Test
    void aChatWithoutMessagesLoadsTheModel() {
        JsonNode body = json(post(ollama.baseUrl() + "/api/chat", """
                {"model":"phi3","messages":[]}""").body());

        assertTrue(body.path("done").asBoolean());
        assertEquals("load", body.path("done_reason").asText());
    }
}
