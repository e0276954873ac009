package ai.citadel.model.ollama;

import ai.citadel.model.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static ai.citadel.model.WireJson.assertSameJson;
import static ai.citadel.model.WireJson.parse;
import static ai.citadel.model.WireJson.read;
import static ai.citadel.model.WireJson.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ollama native API wire format: the examples of Ollama's {@code docs/api.md} and {@code docs/openapi.yaml} parse
 * into the records and are written back unchanged.
 */
class OllamaWireFormatTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("ollama/chat-request.json", OllamaChatRequest.class),
                Arguments.of("ollama/chat-request-history.json", OllamaChatRequest.class),
                Arguments.of("ollama/chat-request-structured.json", OllamaChatRequest.class),
                Arguments.of("ollama/chat-request-json-mode.json", OllamaChatRequest.class),
                Arguments.of("ollama/chat-request-images.json", OllamaChatRequest.class),
                Arguments.of("ollama/chat-request-tools.json", OllamaChatRequest.class),
                Arguments.of("ollama/chat-request-tool-result.json", OllamaChatRequest.class),
                Arguments.of("ollama/chat-request-thinking.json", OllamaChatRequest.class),
                Arguments.of("ollama/chat-request-unload.json", OllamaChatRequest.class),
                Arguments.of("ollama/chat-stream.ndjson", OllamaChatResponse.class),
                Arguments.of("ollama/chat-stream-thinking.ndjson", OllamaChatResponse.class),
                Arguments.of("ollama/chat-response.json", OllamaChatResponse.class),
                Arguments.of("ollama/chat-response-tool-calls.json", OllamaChatResponse.class),
                Arguments.of("ollama/chat-response-load.json", OllamaChatResponse.class),
                Arguments.of("ollama/generate-request.json", OllamaGenerateRequest.class),
                Arguments.of("ollama/generate-request-suffix.json", OllamaGenerateRequest.class),
                Arguments.of("ollama/generate-request-raw.json", OllamaGenerateRequest.class),
                Arguments.of("ollama/generate-request-images.json", OllamaGenerateRequest.class),
                Arguments.of("ollama/generate-request-all-fields.json", OllamaGenerateRequest.class),
                Arguments.of("ollama/generate-stream.ndjson", OllamaGenerateResponse.class),
                Arguments.of("ollama/generate-response.json", OllamaGenerateResponse.class),
                Arguments.of("ollama/generate-response-suffix.json", OllamaGenerateResponse.class),
                Arguments.of("ollama/generate-response-unload.json", OllamaGenerateResponse.class),
                Arguments.of("ollama/embed-request.json", OllamaEmbedRequest.class),
                Arguments.of("ollama/embed-request-multiple.json", OllamaEmbedRequest.class),
                Arguments.of("ollama/embed-request-all-fields.json", OllamaEmbedRequest.class),
                Arguments.of("ollama/embed-response.json", OllamaEmbedResponse.class),
                Arguments.of("ollama/embed-response-multiple.json", OllamaEmbedResponse.class),
                Arguments.of("ollama/embeddings-request.json", OllamaEmbeddingsRequest.class),
                Arguments.of("ollama/embeddings-response.json", OllamaEmbeddingsResponse.class),
                Arguments.of("ollama/tags-response.json", OllamaTagsResponse.class),
                Arguments.of("ollama/show-request.json", OllamaShowRequest.class),
                Arguments.of("ollama/show-response.json", OllamaShowResponse.class),
                Arguments.of("ollama/pull-request.json", OllamaPullRequest.class),
                Arguments.of("ollama/pull-progress.ndjson", OllamaProgress.class),
                Arguments.of("ollama/delete-request.json", OllamaDeleteRequest.class),
                Arguments.of("ollama/ps-response.json", OllamaPsResponse.class),
                Arguments.of("ollama/version-response.json", OllamaVersionResponse.class),
                Arguments.of("ollama/error.json", OllamaErrorResponse.class),
                Arguments.of("ollama/error-mid-stream.ndjson", OllamaErrorResponse.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void documentedExampleRoundTrips(String resource, Class<?> type) {
        WireJson.assertRoundTrip(resource, type);
    }

    @Test
    void chatStreamEndsWithADoneRecordCarryingEveryDuration() {
        List<OllamaChatResponse> lines = WireJson.documents("ollama/chat-stream.ndjson").stream()
                .map(line -> parse(line, OllamaChatResponse.class)).toList();
        assertFalse(lines.getFirst().done());
        assertEquals("assistant", lines.getFirst().message().role());
        assertEquals("The", lines.getFirst().message().content());
        assertNull(lines.getFirst().totalDuration());

        OllamaChatResponse last = lines.getLast();
        assertTrue(last.done());
        assertEquals("stop", last.doneReason());
        assertEquals(4883583458L, last.totalDuration());
        assertEquals(1334875L, last.loadDuration());
        assertEquals(26, last.promptEvalCount());
        assertEquals(342546000L, last.promptEvalDuration());
        assertEquals(282, last.evalCount());
        assertEquals(4535599000L, last.evalDuration());
        assertEquals("2023-08-04T19:22:45.499127Z", last.createdAt());
    }

    @Test
    void toolCallArgumentsAreAJsonObject() {
        OllamaChatResponse response = read("ollama/chat-response-tool-calls.json", OllamaChatResponse.class);
        OllamaToolCall call = response.message().toolCalls().getFirst();
        assertEquals("get_current_weather", call.function().name());
        assertEquals(Map.of("format", "celsius", "location", "Paris, FR"), call.function().arguments());

        assertSameJson("""
                {"function":{"name":"get_current_weather","arguments":{"location":"Paris, FR","days":3}}}
                """, write(OllamaToolCall.of("get_current_weather", Map.of("location", "Paris, FR", "days", 3))),
                "built tool call");

        OllamaChatRequest followUp = read("ollama/chat-request-tool-result.json", OllamaChatRequest.class);
        assertEquals("get_current_weather", followUp.messages().get(2).toolName());
        assertEquals(0, followUp.messages().get(1).toolCalls().getFirst().function().index());
        assertTrue(followUp.think().asBoolean());
    }

    @Test
    void formatThinkAndKeepAliveKeepTheirJsonType() {
        assertEquals("json", read("ollama/chat-request-json-mode.json", OllamaChatRequest.class).format().asText());
        assertEquals("10m", read("ollama/chat-request-json-mode.json", OllamaChatRequest.class).keepAlive().asText());
        assertTrue(read("ollama/chat-request-structured.json", OllamaChatRequest.class).format().isObject());
        assertEquals("low", read("ollama/chat-request-thinking.json", OllamaChatRequest.class).think().asText());
        assertTrue(read("ollama/chat-request-unload.json", OllamaChatRequest.class).keepAlive().isInt());
    }

    @Test
    void optionsNameTheCommonParametersAndKeepTheRest() {
        OllamaOptions options = read("ollama/generate-request-all-fields.json", OllamaGenerateRequest.class).options();
        assertEquals(0.8, options.temperature());
        assertEquals(20, options.topK());
        assertEquals(100, options.numPredict());
        assertEquals(1024, options.numCtx());
        assertEquals(42L, options.seed());
        assertEquals(List.of("\n", "user:"), options.stop().values());
        assertEquals(1, options.other().get("mirostat"));
        assertEquals(true, options.other().get("use_mmap"));
        assertFalse(options.other().containsKey("temperature"));

        assertSameJson("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,"
                        + "\"options\":{\"temperature\":0}}",
                write(new OllamaChatRequest("phi3", List.of(OllamaMessage.of("user", "hi")), null, null,
                        OllamaOptions.temperature(0), true, null, null)),
                "built chat request");
    }

    @Test
    void generateAndEmbeddings() {
        OllamaGenerateResponse response = read("ollama/generate-response.json", OllamaGenerateResponse.class);
        assertEquals(List.of(1, 2, 3), response.context());
        assertEquals("", response.response());
        assertTrue(response.done());

        OllamaEmbedResponse embed = read("ollama/embed-response-multiple.json", OllamaEmbedResponse.class);
        assertEquals(2, embed.embeddings().size());
        assertEquals(10, embed.embeddings().get(1).length);
        assertEquals(-0.0098027075f, embed.embeddings().get(1)[0]);

        assertTrue(read("ollama/embed-request.json", OllamaEmbedRequest.class).input().single());
        assertEquals(List.of("Why is the sky blue?", "Why is the grass green?"),
                read("ollama/embed-request-multiple.json", OllamaEmbedRequest.class).input().values());
        assertSameJson("{\"model\":\"all-minilm\",\"input\":[\"a\"]}",
                write(OllamaEmbedRequest.of("all-minilm", List.of("a"))), "built embed request");

        double[] legacy = read("ollama/embeddings-response.json", OllamaEmbeddingsResponse.class).embedding();
        assertEquals(0.5670403838157654, legacy[0]);
    }

    @Test
    void modelManagementResponses() {
        OllamaTagsResponse tags = read("ollama/tags-response.json", OllamaTagsResponse.class);
        assertEquals("codellama:13b", tags.models().getFirst().name());
        assertEquals(7365960935L, tags.models().getFirst().size());
        assertNull(tags.models().getFirst().details().families());
        assertEquals("Q4_K_M", tags.models().get(2).details().quantizationLevel());

        OllamaShowResponse show = read("ollama/show-response.json", OllamaShowResponse.class);
        assertEquals("llama", show.modelInfo().get("general.architecture"));
        assertEquals(8192, show.modelInfo().get("llama.context_length"));
        assertTrue(show.modelInfo().containsKey("tokenizer.ggml.tokens"));
        assertEquals(List.of("completion", "tools"), show.capabilities());

        OllamaPsResponse ps = read("ollama/ps-response.json", OllamaPsResponse.class);
        assertEquals(5137025024L, ps.models().getFirst().sizeVram());
        assertEquals(4096, ps.models().getFirst().contextLength());

        List<OllamaProgress> progress = WireJson.documents("ollama/pull-progress.ndjson").stream()
                .map(line -> parse(line, OllamaProgress.class)).toList();
        assertNull(progress.get(1).completed());
        assertEquals(241970L, progress.get(2).completed());
        assertEquals(2142590208L, progress.get(2).total());
        assertEquals("success", progress.getLast().status());

        assertEquals("0.12.6", read("ollama/version-response.json", OllamaVersionResponse.class).version());
        assertEquals("the model failed to generate a response",
                read("ollama/error.json", OllamaErrorResponse.class).error());
    }

    @Test
    void olderServersWritingImagesNullAreAccepted() {
        // docs/api.md shows "images": null in stream lines of older Ollama versions
        OllamaChatResponse line = parse("""
                {"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00",
                 "message":{"role":"assistant","content":"The","images":null},"done":false}
                """, OllamaChatResponse.class);
        assertNull(line.message().images());
        assertEquals("The", line.message().content());
    }
}
