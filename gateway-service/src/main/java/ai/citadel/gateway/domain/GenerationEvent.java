package ai.citadel.gateway.domain;

/**
 * What any backend's stream is decoded into, whatever its wire format (Ollama NDJSON, OpenAI SSE): text tokens,
 * tool-call fragments and one final event. The gateway builds OpenAI responses and chunks from these alone.
 */
public sealed interface GenerationEvent {

    /** A piece of generated text, as the backend sent it. */
    record Token(String text) implements GenerationEvent {
    }

    /**
     * Part of a tool call. The first fragment of call {@code index} carries its {@code id} and {@code name}; the
     * arguments (a JSON text) may come whole (Ollama) or in pieces to be concatenated (OpenAI streams).
     */
    record ToolCallFragment(int index, String id, String name, String arguments) implements GenerationEvent {
    }

    /**
     * The end of the generation: the OpenAI {@code finish_reason} ({@code stop}, {@code length},
     * {@code tool_calls}, {@code content_filter}) and token counts when the backend reported them.
     */
    record Finished(String finishReason, Integer promptTokens, Integer completionTokens) implements GenerationEvent {
    }
}
