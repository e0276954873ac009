package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One SSE {@code data:} event of a streaming {@code POST /v1/chat/completions}
 * ({@code "object":"chat.completion.chunk"}). The usage chunk sent for {@code stream_options.include_usage} has
 * empty {@code choices} and {@code usage} set; other chunks leave {@code usage} out.
 *
 * @param id                same for every chunk of one completion
 * @param object            always {@code chat.completion.chunk}
 * @param created           Unix seconds, same for every chunk
 * @param model             the model that answers
 * @param systemFingerprint backend configuration fingerprint, if any
 * @param serviceTier       OpenAI service tier, if any
 * @param choices           the deltas; empty on the usage chunk
 * @param usage             token counts, only on the usage chunk
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionChunk(
        String id,
        String object,
        long created,
        String model,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        @JsonProperty("service_tier") String serviceTier,
        List<Choice> choices,
        Usage usage) {

    public static final String OBJECT = "chat.completion.chunk";

    /**
     * @param index        choice index
     * @param delta        what this chunk adds
     * @param logprobs     always written, {@code null} unless requested
     * @param finishReason {@code null} until the last chunk of the choice; always written
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Choice(
            int index,
            Delta delta,
            @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode logprobs,
            @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {

        public static Choice of(int index, Delta delta, String finishReason) {
            return new Choice(index, delta, null, finishReason);
        }
    }

    /**
     * The increment of one chunk; every field is optional ({@code {}} on the finishing chunk).
     *
     * @param role      {@code assistant}, on the first chunk only
     * @param content   text to append
     * @param refusal   refusal text to append
     * @param toolCalls tool-call fragments to merge by {@code index}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(
            ChatRole role,
            String content,
            String refusal,
            @JsonProperty("tool_calls") List<ToolCallDelta> toolCalls) {

        public static final Delta EMPTY = new Delta(null, null, null, null);

        public static Delta content(String content) {
            return new Delta(null, content, null, null);
        }
    }

    /**
     * A fragment of a tool call: the first fragment of a call carries {@code id}, {@code type} and the function
     * {@code name}; later fragments carry pieces of {@code arguments} to append.
     *
     * @param index    which tool call of the message this fragment belongs to
     * @param id       call id, first fragment only
     * @param type     {@code function}, first fragment only
     * @param function name and/or an arguments fragment
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ToolCallDelta(int index, String id, String type, FunctionDelta function) {
    }

    /**
     * @param name      function name, first fragment only
     * @param arguments a piece of the JSON-encoded arguments string
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FunctionDelta(String name, String arguments) {
    }

    public static ChatCompletionChunk of(String id, long created, String model, List<Choice> choices) {
        return new ChatCompletionChunk(id, OBJECT, created, model, null, null, choices, null);
    }

    /** The extra chunk of {@code stream_options.include_usage}: no choices, only usage. */
    public static ChatCompletionChunk usage(String id, long created, String model, Usage usage) {
        return new ChatCompletionChunk(id, OBJECT, created, model, null, null, List.of(), usage);
    }
}
