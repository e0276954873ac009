package ai.citadel.model.openai;

import ai.citadel.model.WireJson;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static ai.citadel.model.WireJson.assertSameJson;
import static ai.citadel.model.WireJson.parse;
import static ai.citadel.model.WireJson.read;
import static ai.citadel.model.WireJson.tree;
import static ai.citadel.model.WireJson.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenAI wire format: the API reference examples (chat, completions, embeddings, models, errors) parse into the
 * records and are written back unchanged.
 */
class OpenAiWireFormatTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("openai/chat-request.json", ChatCompletionRequest.class),
                Arguments.of("openai/chat-request-image.json", ChatCompletionRequest.class),
                Arguments.of("openai/chat-request-tools.json", ChatCompletionRequest.class),
                Arguments.of("openai/chat-request-logprobs.json", ChatCompletionRequest.class),
                Arguments.of("openai/chat-request-stream.json", ChatCompletionRequest.class),
                Arguments.of("openai/chat-request-all-fields.json", ChatCompletionRequest.class),
                Arguments.of("openai/chat-response.json", ChatCompletion.class),
                Arguments.of("openai/chat-response-tool-calls.json", ChatCompletion.class),
                Arguments.of("openai/chat-response-logprobs.json", ChatCompletion.class),
                Arguments.of("openai/chat-stream.ndjson", ChatCompletionChunk.class),
                Arguments.of("openai/chat-stream-tool-calls.ndjson", ChatCompletionChunk.class),
                Arguments.of("openai/completion-request.json", CompletionRequest.class),
                Arguments.of("openai/completion-request-all-fields.json", CompletionRequest.class),
                Arguments.of("openai/completion-request-tokens.json", CompletionRequest.class),
                Arguments.of("openai/completion-response.json", CompletionResponse.class),
                Arguments.of("openai/completion-stream.ndjson", CompletionResponse.class),
                Arguments.of("openai/embedding-request.json", EmbeddingRequest.class),
                Arguments.of("openai/embedding-request-batch.json", EmbeddingRequest.class),
                Arguments.of("openai/embedding-request-tokens.json", EmbeddingRequest.class),
                Arguments.of("openai/embedding-response.json", EmbeddingResponse.class),
                Arguments.of("openai/embedding-response-base64.json", EmbeddingResponse.class),
                Arguments.of("openai/models.json", ModelList.class),
                Arguments.of("openai/error.json", OpenAiErrorResponse.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void documentedExampleRoundTrips(String resource, Class<?> type) {
        WireJson.assertRoundTrip(resource, type);
    }

    @Test
    void messageContentIsEitherAStringOrParts() {
        ChatCompletionRequest plain = read("openai/chat-request.json", ChatCompletionRequest.class);
        assertEquals(ChatRole.DEVELOPER, plain.messages().get(0).role());
        assertEquals("Hello!", plain.messages().get(1).content().text());
        assertNull(plain.messages().get(1).content().parts());

        ChatCompletionRequest image = read("openai/chat-request-image.json", ChatCompletionRequest.class);
        MessageContent content = image.messages().getFirst().content();
        assertNull(content.text());
        assertEquals("text", content.parts().get(0).type());
        assertEquals("What's in this image?", content.parts().get(0).text());
        assertTrue(content.parts().get(1).imageUrl().url().startsWith("https://upload.wikimedia.org/"));
    }

    @Test
    void toolRoundTripKeepsArgumentsAsJsonStringAndUnknownFields() {
        ChatCompletionRequest request = read("openai/chat-request-all-fields.json", ChatCompletionRequest.class);
        ChatMessage assistant = request.messages().get(2);
        assertEquals(ChatRole.ASSISTANT, assistant.role());
        assertNull(assistant.content());
        ToolCall call = assistant.toolCalls().getFirst();
        assertEquals("{\"location\":\"Paris, France\"}", call.function().arguments());
        ChatMessage toolResult = request.messages().get(3);
        assertEquals(ChatRole.TOOL, toolResult.role());
        assertEquals("call_abc123", toolResult.toolCallId());

        assertEquals("get_weather", request.toolChoice().path("function").path("name").asText());
        assertEquals(List.of("\n\n", "User:"), request.stop().values());
        assertEquals(-100, request.logitBias().get("50256"));
        assertTrue(request.streamOptions().includeUsage());
        assertEquals("weather_report", request.responseFormat().jsonSchema().name());
        // vendor extensions (vLLM sampling parameters) survive for pass-through
        assertEquals(40, request.extra().get("top_k").asInt());
        assertEquals(1.1, request.extra().get("repetition_penalty").asDouble());
    }

    @Test
    void responseWritesFinishReasonLogprobsContentAndRefusalEvenWhenNull() {
        ChatCompletion completion = ChatCompletion.of("chatcmpl-1", 1700000000L, "phi3",
                List.of(ChatCompletion.Choice.of(0, AssistantMessage.toolCalls(
                        List.of(ToolCall.function("call_1", "get_weather", "{\"city\":\"Paris\"}"))), "tool_calls")),
                Usage.of(10, 5));
        assertSameJson("""
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"phi3",
                 "choices":[{"index":0,
                   "message":{"role":"assistant","content":null,"refusal":null,
                     "tool_calls":[{"id":"call_1","type":"function",
                       "function":{"name":"get_weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                   "logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15}}
                """, write(completion), "built chat.completion");

        ChatCompletion read = read("openai/chat-response-tool-calls.json", ChatCompletion.class);
        assertEquals("tool_calls", read.choices().getFirst().finishReason());
        assertEquals("get_current_weather", read.choices().getFirst().message().toolCalls().getFirst().function().name());
    }

    @Test
    void streamChunksHaveNullFinishReasonUntilTheEndAndUsageOnlyOnTheUsageChunk() {
        List<ChatCompletionChunk> chunks = WireJson.documents("openai/chat-stream.ndjson").stream()
                .map(line -> parse(line, ChatCompletionChunk.class)).toList();
        assertEquals(ChatRole.ASSISTANT, chunks.getFirst().choices().getFirst().delta().role());
        assertNull(chunks.get(1).choices().getFirst().finishReason());
        assertEquals("stop", chunks.get(3).choices().getFirst().finishReason());
        assertNull(chunks.get(3).usage());
        ChatCompletionChunk usageChunk = chunks.getLast();
        assertTrue(usageChunk.choices().isEmpty());
        assertEquals(11, usageChunk.usage().totalTokens());

        assertSameJson("""
                {"id":"c","object":"chat.completion.chunk","created":1,"model":"m",
                 "choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]}
                """, write(ChatCompletionChunk.of("c", 1, "m",
                List.of(ChatCompletionChunk.Choice.of(0, ChatCompletionChunk.Delta.content("Hi"), null)))),
                "built content chunk");
        assertSameJson("""
                {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],
                 "usage":{"prompt_tokens":3,"completion_tokens":4,"total_tokens":7}}
                """, write(ChatCompletionChunk.usage("c", 1, "m", Usage.of(3, 4))), "built usage chunk");
    }

    @Test
    void toolCallDeltasCarryIdAndNameFirstThenArgumentFragments() {
        List<ChatCompletionChunk> chunks = WireJson.documents("openai/chat-stream-tool-calls.ndjson").stream()
                .map(line -> parse(line, ChatCompletionChunk.class)).toList();
        ChatCompletionChunk.ToolCallDelta first = chunks.getFirst().choices().getFirst().delta().toolCalls().getFirst();
        assertEquals("call_DdmO9pD3xa9XTPNJ32zg2hcA", first.id());
        assertEquals("get_weather", first.function().name());
        String arguments = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .filter(choice -> choice.delta().toolCalls() != null)
                .map(choice -> choice.delta().toolCalls().getFirst().function().arguments())
                .reduce("", String::concat);
        assertEquals("{\"location\":\"Paris, France\"}", arguments);
        assertEquals("tool_calls", chunks.getLast().choices().getFirst().finishReason());
    }

    @Test
    void explicitNullsFromRealBackendsAreAccepted() {
        // the live API sends "content": null / "refusal": null in tool-call deltas and assistant messages
        ChatCompletionChunk chunk = parse("""
                {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","usage":null,
                 "choices":[{"index":0,"delta":{"role":"assistant","content":null,"refusal":null,
                   "tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":""}}]},
                   "logprobs":null,"finish_reason":null}]}
                """, ChatCompletionChunk.class);
        assertNull(chunk.choices().getFirst().delta().content());
        ChatCompletionRequest request = parse("""
                {"model":"m","messages":[{"role":"assistant","content":null,
                  "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{}"}}]}]}
                """, ChatCompletionRequest.class);
        assertNull(request.messages().getFirst().content());
    }

    @Test
    void completionPromptAndStopKeepTheirWireForm() {
        CompletionRequest full = read("openai/completion-request-all-fields.json", CompletionRequest.class);
        assertTrue(full.prompt().isArray());
        assertTrue(full.stop().single());
        assertEquals(List.of("\n"), full.stop().values());
        assertEquals(2, full.logprobs());

        CompletionRequest built = CompletionRequest.of("gpt-3.5-turbo-instruct", "Say this is a test");
        assertSameJson("{\"model\":\"gpt-3.5-turbo-instruct\",\"prompt\":\"Say this is a test\"}", write(built),
                "built completion request");

        List<CompletionResponse> chunks = WireJson.documents("openai/completion-stream.ndjson").stream()
                .map(line -> parse(line, CompletionResponse.class)).toList();
        assertEquals(CompletionResponse.OBJECT, chunks.getFirst().object());
        assertNull(chunks.getFirst().choices().getFirst().finishReason());
        assertEquals("length", chunks.get(2).choices().getFirst().finishReason());
    }

    @Test
    void embeddingIsFloatsOrBase64() {
        EmbeddingResponse floats = read("openai/embedding-response.json", EmbeddingResponse.class);
        assertArrayEquals(new float[] {0.0023064255f, -0.009327292f, -0.0028842222f},
                floats.data().getFirst().embedding().values());
        assertNull(floats.data().getFirst().embedding().base64());

        EmbeddingResponse base64 = read("openai/embedding-response-base64.json", EmbeddingResponse.class);
        assertEquals("AACAPwAAAEAAAEBA", base64.data().getFirst().embedding().base64());
        assertEquals(1, base64.data().get(1).index());

        EmbeddingRequest tokens = read("openai/embedding-request-tokens.json", EmbeddingRequest.class);
        assertTrue(tokens.input().get(0).get(0).isInt());
        assertSameJson("{\"input\":[\"a\",\"b\"],\"model\":\"nomic-embed-text\"}",
                write(EmbeddingRequest.of("nomic-embed-text", List.of("a", "b"))), "built embedding request");
        assertSameJson("""
                {"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.5,-0.25]}],
                 "model":"all-minilm","usage":{"prompt_tokens":2,"total_tokens":2}}
                """, write(EmbeddingResponse.of("all-minilm",
                List.of(EmbeddingResponse.Embedding.of(0, new float[] {0.5f, -0.25f})), EmbeddingUsage.of(2))),
                "built embedding response");
    }

    @Test
    void modelsListAndErrorEnvelope() {
        ModelList models = read("openai/models.json", ModelList.class);
        assertEquals("model-id-2", models.data().get(2).id());
        assertEquals("openai", models.data().get(2).ownedBy());
        assertSameJson("""
                {"object":"list","data":[{"id":"phi3","object":"model","created":1700000000,"owned_by":"citadel"}]}
                """, write(ModelList.of(List.of(ModelList.Model.of("phi3", 1700000000L, "citadel")))),
                "built model list");

        // the OpenAI error envelope always writes all four fields
        assertSameJson("""
                {"error":{"message":"Unknown model","type":"invalid_request_error","param":null,"code":null}}
                """, write(OpenAiErrorResponse.of("Unknown model", "invalid_request_error", null, null)),
                "built error");
    }

    @Test
    void builtRequestsLeaveUnsetFieldsOut() {
        ChatCompletionRequest request = ChatCompletionRequest.of("phi3", List.of(
                ChatMessage.system("Be brief."), ChatMessage.user("Hi")));
        assertSameJson("""
                {"model":"phi3","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}
                """, write(request), "built chat request");
        assertFalse(tree(write(Tool.function("f", "does f", JsonNodeFactory.instance.objectNode())))
                .path("function").has("strict"));
    }
}
