package ai.citadel.testing.openai;

import static ai.citadel.testing.TestHttp.get;
import static ai.citadel.testing.TestHttp.json;
import static ai.citadel.testing.TestHttp.lines;
import static ai.citadel.testing.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.junit.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiSimulatorTest {

    private static final String WEATHER_TOOL = """
            [{"type":"function","function":{"name":"get_weather",
              "parameters":{"type":"object","properties":{
                "city":{"type":"string"},"days":{"type":"integer"}}}}}]""";

    @Simulator
    private static OpenAiSimulator openai;

    @Test
    void chatCompletionIsOneObjectWithUsage() {
        HttpResponse<String> response = post(openai.v1Url() + "/chat/completions", """
                {"model":"mixtral:latest","messages":[{"role":"system","content":"be brief"},
                 {"role":"user","content":"hello world"}]}""");

        assertEquals(200, response.statusCode());
        JsonNode body = json(response.body());
        assertTrue(body.path("id").asText().startsWith("chatcmpl-"));
        assertEquals("chat.completion", body.path("object").asText());
        assertTrue(body.path("created").asLong() > 1_700_000_000L);
        assertEquals("mixtral:latest", body.path("model").asText());
        JsonNode choice = body.path("choices").path(0);
        assertEquals(0, choice.path("index").asInt());
        assertEquals("assistant", choice.path("message").path("role").asText());
        assertEquals("hello world hello world hello world hello world hello world hello world",
                choice.path("message").path("content").asText());
        assertEquals("stop", choice.path("finish_reason").asText());
        JsonNode usage = body.path("usage");
        assertEquals(4, usage.path("prompt_tokens").asInt());
        assertEquals(12, usage.path("completion_tokens").asInt());
        assertEquals(16, usage.path("total_tokens").asInt());
    }

    @Test
    void continueFinalMessageContinuesTheTrailingAssistantMessageAsVllmDoes() {
        JsonNode body = json(post(openai.v1Url() + "/chat/completions", """
                {"model":"mixtral:latest","continue_final_message":true,"add_generation_prompt":false,
                 "max_tokens":5,
                 "messages":[{"role":"user","content":"hello world"},
                 {"role":"assistant","content":"hello world hello"}]}""").body());
        assertEquals(" world hello world hello world", body.path("choices").path(0).path("message").path("content")
                .asText());
        assertEquals(5, body.path("usage").path("completion_tokens").asInt());

        HttpResponse<String> notAssistant = post(openai.v1Url() + "/chat/completions", """
                {"model":"mixtral:latest","continue_final_message":true,"add_generation_prompt":false,
                 "messages":[{"role":"user","content":"hello world"}]}""");
        assertEquals(400, notAssistant.statusCode());
        HttpResponse<String> withGenerationPrompt = post(openai.v1Url() + "/chat/completions", """
                {"model":"mixtral:latest","continue_final_message":true,
                 "messages":[{"role":"user","content":"hello world"},{"role":"assistant","content":"hello"}]}""");
        assertEquals(400, withGenerationPrompt.statusCode());
    }

    @Test
    void chatStreamIsServerSentEventsEndingInDone() {
        HttpResponse<String> response = post(openai.v1Url() + "/chat/completions", """
                {"model":"phi3:latest","stream":true,"messages":[{"role":"user","content":"why is the sky blue"}]}""");

        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        List<String> events = lines(response.body());
        events.forEach(event -> assertTrue(event.startsWith("data: "), event));
        assertEquals("data: [DONE]", events.getLast());
        List<JsonNode> chunks = chunks(events);
        String id = chunks.getFirst().path("id").asText();
        chunks.forEach(chunk -> {
            assertEquals(id, chunk.path("id").asText());
            assertEquals("chat.completion.chunk", chunk.path("object").asText());
            assertFalse(chunk.has("usage"));
        });
        assertEquals("assistant", chunks.getFirst().path("choices").path(0).path("delta").path("role").asText());
        List<JsonNode> tokens = chunks.subList(1, chunks.size());
        assertEquals(12, tokens.size());
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode choice = tokens.get(i).path("choices").path(0);
            content.append(choice.path("delta").path("content").asText());
            assertEquals(i == tokens.size() - 1 ? "stop" : "null", choice.path("finish_reason").asText("null"));
        }
        assertEquals("why is the sky blue why is the sky blue why is", content.toString());
    }

    @Test
    void includeUsageAddsAUsageChunkWithoutChoicesBeforeDone() {
        List<String> events = lines(post(openai.v1Url() + "/chat/completions", """
                {"model":"phi3:latest","stream":true,"stream_options":{"include_usage":true},"max_tokens":3,
                 "messages":[{"role":"user","content":"count"}]}""").body());

        JsonNode usageChunk = json(events.get(events.size() - 2).substring("data: ".length()));
        assertEquals(0, usageChunk.path("choices").size());
        assertTrue(usageChunk.path("choices").isArray());
        assertEquals(3, usageChunk.path("usage").path("completion_tokens").asInt());
        JsonNode lastToken = json(events.get(events.size() - 3).substring("data: ".length()));
        assertEquals("length", lastToken.path("choices").path(0).path("finish_reason").asText());
    }

    @Test
    void legacyCompletionsStreamAndNot() {
        JsonNode whole = json(post(openai.v1Url() + "/completions", """
                {"model":"phi3:latest","prompt":"once upon a time","max_tokens":5}""").body());
        List<JsonNode> chunks = chunks(lines(post(openai.v1Url() + "/completions", """
                {"model":"phi3:latest","prompt":"once upon a time","max_tokens":5,"stream":true}""").body()));

        assertEquals("text_completion", whole.path("object").asText());
        assertTrue(whole.path("id").asText().startsWith("cmpl-"));
        assertEquals("once upon a time once", whole.path("choices").path(0).path("text").asText());
        assertEquals("length", whole.path("choices").path(0).path("finish_reason").asText());
        assertEquals(5, chunks.size());
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> text.append(chunk.path("choices").path(0).path("text").asText()));
        assertEquals("once upon a time once", text.toString());
        assertEquals("text_completion", chunks.getFirst().path("object").asText());
    }

    @Test
    void toolCallsHaveArgumentsAsAJsonString() {
        JsonNode choice = json(post(openai.v1Url() + "/chat/completions", """
                {"model":"mixtral:latest","tools":%s,
                 "messages":[{"role":"user","content":"use get_weather for Oslo"}]}""".formatted(WEATHER_TOOL))
                .body()).path("choices").path(0);

        assertEquals("tool_calls", choice.path("finish_reason").asText());
        JsonNode message = choice.path("message");
        assertTrue(message.path("content").isNull());
        JsonNode call = message.path("tool_calls").path(0);
        assertTrue(call.path("id").asText().startsWith("call_"));
        assertEquals("function", call.path("type").asText());
        assertEquals("get_weather", call.path("function").path("name").asText());
        JsonNode arguments = json(call.path("function").path("arguments").asText());
        assertEquals("sample-city", arguments.path("city").asText());
        assertEquals(1, arguments.path("days").asInt());
    }

    @Test
    void streamedToolCallsArriveAsIndexedDeltas() {
        List<JsonNode> chunks = chunks(lines(post(openai.v1Url() + "/chat/completions", """
                {"model":"mixtral:latest","stream":true,"tools":%s,"tool_choice":"required",
                 "messages":[{"role":"user","content":"what is the weather"}]}""".formatted(WEATHER_TOOL)).body()));

        List<JsonNode> calls = chunks.subList(1, chunks.size());
        JsonNode header = calls.getFirst().path("choices").path(0).path("delta").path("tool_calls").path(0);
        assertEquals(0, header.path("index").asInt());
        assertTrue(header.path("id").asText().startsWith("call_"));
        assertEquals("get_weather", header.path("function").path("name").asText());
        StringBuilder arguments = new StringBuilder();
        calls.forEach(chunk -> {
            JsonNode delta = chunk.path("choices").path(0).path("delta").path("tool_calls").path(0);
            assertEquals(0, delta.path("index").asInt());
            arguments.append(delta.path("function").path("arguments").asText());
        });
        assertTrue(calls.size() > 2, "arguments come in pieces");
        assertEquals("sample-city", json(arguments.toString()).path("city").asText());
        assertEquals("tool_calls", calls.getLast().path("choices").path(0).path("finish_reason").asText());
    }

    @Test
    void aToolsResultIsAnsweredInTextNotWithTheSameCallAgain() {
        JsonNode choice = json(post(openai.v1Url() + "/chat/completions", """
                {"model":"mixtral:latest","tools":%s,
                 "messages":[{"role":"user","content":"use get_weather for Oslo"},
                             {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                               "function":{"name":"get_weather","arguments":"{}"}}]},
                             {"role":"tool","tool_call_id":"call_1","content":"sunny and mild"}]}"""
                .formatted(WEATHER_TOOL)).body()).path("choices").path(0);

        assertEquals("stop", choice.path("finish_reason").asText());
        assertTrue(choice.path("message").path("content").asText().startsWith("sunny and mild"));
    }

    @Test
    void toolChoiceNoneAnswersInText() {
        JsonNode choice = json(post(openai.v1Url() + "/chat/completions", """
                {"model":"mixtral:latest","tools":%s,"tool_choice":"none",
                 "messages":[{"role":"user","content":"use get_weather"}]}""".formatted(WEATHER_TOOL))
                .body()).path("choices").path(0);

        assertEquals("stop", choice.path("finish_reason").asText());
        assertFalse(choice.path("message").has("tool_calls"));
    }

    @Test
    void jsonResponseFormatGivesValidJson() {
        JsonNode message = json(post(openai.v1Url() + "/chat/completions", """
                {"model":"phi3:latest","response_format":{"type":"json_object"},
                 "messages":[{"role":"user","content":"give JSON"}]}""").body())
                .path("choices").path(0).path("message");

        assertTrue(json(message.path("content").asText()).has("reply"));
    }

    @Test
    void embeddingsComeAsFloatsOrLittleEndianBase64() {
        JsonNode floats = json(post(openai.v1Url() + "/embeddings", """
                {"model":"nomic-embed-text:latest","input":["first","second"]}""").body());
        JsonNode base64 = json(post(openai.v1Url() + "/embeddings", """
                {"model":"nomic-embed-text:latest","input":"first","encoding_format":"base64"}""").body());

        assertEquals("list", floats.path("object").asText());
        assertEquals(2, floats.path("data").size());
        JsonNode first = floats.path("data").path(0);
        assertEquals("embedding", first.path("object").asText());
        assertEquals(0, first.path("index").asInt());
        assertEquals(768, first.path("embedding").size());
        assertEquals(2, floats.path("usage").path("prompt_tokens").asInt());
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64.path("data").path(0).path("embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(768 * Float.BYTES, bytes.remaining());
        for (int i = 0; i < 768; i++) {
            assertEquals(first.path("embedding").get(i).floatValue(), bytes.getFloat());
        }
    }

    @Test
    void modelsListsTheServedModels() {
        JsonNode body = json(get(openai.v1Url() + "/models").body());

        assertEquals("list", body.path("object").asText());
        assertEquals(8, body.path("data").size());
        JsonNode first = body.path("data").path(0);
        assertEquals("phi3:latest", first.path("id").asText());
        assertEquals("model", first.path("object").asText());
        assertEquals("vllm", first.path("owned_by").asText());
    }

    @Test
    void errorsUseTheOpenAiEnvelope() {
        HttpResponse<String> unknown = post(openai.v1Url() + "/chat/completions", """
                {"model":"gpt-9","messages":[{"role":"user","content":"hi"}]}""");
        HttpResponse<String> broken = post(openai.v1Url() + "/chat/completions", "{not json");

        assertEquals(404, unknown.statusCode());
        assertEquals("""
                {"error":{"message":"The model `gpt-9` does not exist.","type":"invalid_request_error",\
                "param":"model","code":"model_not_found"}}""", unknown.body());
        assertEquals(400, broken.statusCode());
        JsonNode error = json(broken.body()).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(error.has("param") && error.has("code"));
        assertTrue(error.path("message").asText().startsWith("invalid JSON body"));
    }

    private static List<JsonNode> chunks(List<String> events) {
        return events.stream()
                .filter(event -> !event.equals("data: [DONE]"))
                .map(event -> json(event.substring("data: ".length())))
                .toList();
    }
}
