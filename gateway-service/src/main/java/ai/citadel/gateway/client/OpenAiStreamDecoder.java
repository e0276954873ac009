package ai.citadel.gateway.client;

import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.Token;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
import ai.citadel.model.openai.ChatCompletionChunk;
import ai.citadel.model.openai.ChatCompletionChunk.ToolCallDelta;
import ai.citadel.model.openai.CompletionResponse;
import ai.citadel.model.openai.Usage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decodes an OpenAI-compatible SSE stream (vLLM, llama.cpp server): {@code data: {chunk}} events, a usage chunk
 * with empty {@code choices}, then {@code data: [DONE]}. Only choice 0 is read: the gateway rejects {@code n > 1},
 * so a backend never has another.
 */
final class OpenAiStreamDecoder implements StreamDecoder {

    private static final String BACKEND = "OpenAI-compatible backend";
    private static final String DATA_FIELD = "data:";
    private static final String DONE = "[DONE]";
    private static final String DEFAULT_FINISH_REASON = "stop";

    /** What the decoder needs of choice 0 of a chunk, whether chat or legacy completion. */
    private record ChoiceOutput(String text, List<ToolCallDelta> toolCalls, String finishReason) {
    }

    /** @param firstChoice null when the chunk has no choice 0 (the usage chunk) */
    private record Chunk(ChoiceOutput firstChoice, Usage usage) {
    }

    private final Function<String, Chunk> reader;
    private String finishReason;
    private Usage usage;
    private boolean finished;

    private OpenAiStreamDecoder(Function<String, Chunk> reader) {
        this.reader = reader;
    }

    static OpenAiStreamDecoder forChat() {
        return new OpenAiStreamDecoder(OpenAiStreamDecoder::chatChunk);
    }

    static OpenAiStreamDecoder forCompletion() {
        return new OpenAiStreamDecoder(OpenAiStreamDecoder::completionChunk);
    }

    @Override
    public List<GenerationEvent> decode(String line) {
        String data = dataValue(line);
        if (data == null || finished) {
            return List.of();
        }
        if (data.equals(DONE)) {
            return List.of(finish());
        }
        Chunk chunk = reader.apply(data);
        if (chunk.usage() != null) {
            usage = chunk.usage();
        }
        return chunk.firstChoice() == null ? List.of() : events(chunk.firstChoice());
    }

    @Override
    public List<GenerationEvent> end() {
        if (finished) {
            return List.of();
        }
        // some servers close the stream without [DONE]; a finish_reason already says the generation completed
        if (finishReason != null) {
            return List.of(finish());
        }
        throw new BackendStreamException("OpenAI-compatible stream ended before [DONE]");
    }

    /**
     * The value of a {@code data:} line, the one SSE field that carries anything here; null for blank lines,
     * comments ({@code : keep-alive}), {@code event:}, {@code id:} and {@code retry:}. Each event's JSON is on one
     * line, so multi-line {@code data} needs no joining.
     */
    private static String dataValue(String line) {
        if (!line.startsWith(DATA_FIELD)) {
            return null;
        }
        String value = line.substring(DATA_FIELD.length()).strip();
        return value.isEmpty() ? null : value;
    }

    private List<GenerationEvent> events(ChoiceOutput choice) {
        List<GenerationEvent> events = new ArrayList<>();
        if (choice.text() != null && !choice.text().isEmpty()) {
            events.add(new Token(choice.text()));
        }
        if (choice.toolCalls() != null) {
            choice.toolCalls().forEach(call -> events.add(toolCallFragment(call)));
        }
        if (choice.finishReason() != null) {
            finishReason = choice.finishReason();
        }
        return events;
    }

    private static ToolCallFragment toolCallFragment(ToolCallDelta call) {
        ChatCompletionChunk.FunctionDelta function = call.function();
        return new ToolCallFragment(call.index(), call.id(),
                function == null ? null : function.name(),
                function == null ? null : function.arguments());
    }

    private Finished finish() {
        finished = true;
        return new Finished(finishReason == null ? DEFAULT_FINISH_REASON : finishReason,
                usage == null ? null : usage.promptTokens(),
                usage == null ? null : usage.completionTokens());
    }

    private static Chunk chatChunk(String data) {
        ChatCompletionChunk chunk = BackendJson.read(data, ChatCompletionChunk.class, BACKEND);
        ChoiceOutput firstChoice = chunk.choices() == null ? null : chunk.choices().stream()
                .filter(choice -> choice.index() == 0)
                .findFirst()
                .map(choice -> choice.delta() == null
                        ? new ChoiceOutput(null, null, choice.finishReason())
                        : new ChoiceOutput(choice.delta().content(), choice.delta().toolCalls(),
                                choice.finishReason()))
                .orElse(null);
        return new Chunk(firstChoice, chunk.usage());
    }

    private static Chunk completionChunk(String data) {
        CompletionResponse chunk = BackendJson.read(data, CompletionResponse.class, BACKEND);
        ChoiceOutput firstChoice = chunk.choices() == null ? null : chunk.choices().stream()
                .filter(choice -> choice.index() == 0)
                .findFirst()
                .map(choice -> new ChoiceOutput(choice.text(), null, choice.finishReason()))
                .orElse(null);
        return new Chunk(firstChoice, chunk.usage());
    }
}
