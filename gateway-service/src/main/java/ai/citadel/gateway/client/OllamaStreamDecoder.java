package ai.citadel.gateway.client;

import ai.citadel.gateway.client.OllamaRecordReader.Output;
import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.Token;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
import ai.citadel.model.ollama.OllamaChatResponse;
import ai.citadel.model.ollama.OllamaGenerateResponse;
import ai.citadel.model.ollama.OllamaMessage;
import ai.citadel.model.ollama.OllamaToolCall;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Decodes an Ollama NDJSON stream ({@code /api/chat} or {@code /api/generate}): one JSON record per line, the last
 * with {@code done:true}, {@code done_reason} and the token counts. {@code thinking} text is dropped: it is not
 * part of the answer, and the OpenAI chat format has no field for it.
 */
final class OllamaStreamDecoder implements StreamDecoder {

    private static final String BACKEND = "Ollama";

    private final Function<String, Output> reader;
    /** Ollama numbers tool calls per message, if at all; OpenAI numbers them across the whole answer. */
    private int nextToolCallIndex;
    private boolean done;

    private OllamaStreamDecoder(Function<String, Output> reader) {
        this.reader = reader;
    }

    static OllamaStreamDecoder forChat() {
        return new OllamaStreamDecoder(OllamaStreamDecoder::chatOutput);
    }

    static OllamaStreamDecoder forGenerate() {
        return new OllamaStreamDecoder(OllamaStreamDecoder::generateOutput);
    }

    @Override
    public List<GenerationEvent> decode(String line) {
        if (line.isBlank() || done) {
            return List.of();
        }
        Output output = reader.apply(line);
        List<GenerationEvent> events = new ArrayList<>();
        if (output.text() != null && !output.text().isEmpty()) {
            events.add(new Token(output.text()));
        }
        if (output.toolCalls() != null) {
            output.toolCalls().forEach(call -> events.add(toolCallFragment(call)));
        }
        if (output.done()) {
            done = true;
            events.add(new Finished(finishReason(output.doneReason()), output.promptTokens(),
                    output.completionTokens()));
        }
        return events;
    }

    @Override
    public List<GenerationEvent> end() {
        if (!done) {
            throw new BackendStreamException("Ollama stream ended before done");
        }
        return List.of();
    }

    /** Ollama parses a tool call whole before sending it, so each call is one complete fragment. */
    private ToolCallFragment toolCallFragment(OllamaToolCall call) {
        OllamaToolCall.Function function = call.function();
        String name = function == null ? null : function.name();
        Map<String, Object> arguments = function == null || function.arguments() == null
                ? Map.of()
                : function.arguments();
        return new ToolCallFragment(nextToolCallIndex++, callId(call), name, compactJson(arguments));
    }

    /** Newer Ollama versions send a call id, which they then match against the tool result's; older ones none. */
    private static String callId(OllamaToolCall call) {
        if (call.id() != null && !call.id().isBlank()) {
            return call.id();
        }
        return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    private String finishReason(String doneReason) {
        if (nextToolCallIndex > 0) {
            // Ollama says "stop" after a tool call; OpenAI clients look for "tool_calls" to run the tools
            return "tool_calls";
        }
        // "load", "unload" and reasons newer versions may add: the generation ended, not cut by a limit
        return "length".equals(doneReason) ? "length" : "stop";
    }

    private static String compactJson(Map<String, Object> arguments) {
        try {
            return BackendJson.MAPPER.writeValueAsString(arguments);
        } catch (JsonProcessingException e) {
            throw new BackendStreamException("Ollama sent tool call arguments that cannot be written as JSON", e);
        }
    }

    private static Output chatOutput(String line) {
        return OllamaRecordReader.read(line).orElseGet(() -> boundChatOutput(line));
    }

    private static Output generateOutput(String line) {
        return OllamaRecordReader.read(line).orElseGet(() -> boundGenerateOutput(line));
    }

    /** A record the streaming reader did not take: bound whole, which fails with what is wrong with it. */
    private static Output boundChatOutput(String line) {
        OllamaChatResponse response = BackendJson.read(line, OllamaChatResponse.class, BACKEND);
        OllamaMessage message = response.message();
        return new Output(
                message == null ? null : message.content(),
                message == null ? null : message.toolCalls(),
                response.done(), response.doneReason(), response.promptEvalCount(), response.evalCount());
    }

    private static Output boundGenerateOutput(String line) {
        OllamaGenerateResponse response = BackendJson.read(line, OllamaGenerateResponse.class, BACKEND);
        return new Output(response.response(), null,
                response.done(), response.doneReason(), response.promptEvalCount(), response.evalCount());
    }
}
