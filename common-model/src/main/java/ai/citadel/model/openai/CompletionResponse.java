package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * OpenAI legacy completions response ({@code "object":"text_completion"}) of {@code POST /v1/completions}; each SSE
 * chunk of a streaming request has the same shape (its {@code text} is the increment).
 *
 * @param id                e.g. {@code cmpl-…}
 * @param object            always {@code text_completion}
 * @param created           Unix seconds
 * @param model             the model that answered
 * @param systemFingerprint backend configuration fingerprint, if any
 * @param choices           one per prompt × {@code n}; empty on the {@code include_usage} chunk
 * @param usage             token counts; left out of stream chunks other than the usage chunk
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletionResponse(
        String id,
        String object,
        long created,
        String model,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        List<Choice> choices,
        Usage usage) {

    public static final String OBJECT = "text_completion";

    /**
     * @param text         the generated text (or, in a stream, the next piece of it)
     * @param index        choice index
     * @param logprobs     {@code {tokens, token_logprobs, top_logprobs, text_offset}} as JSON; always written
     * @param finishReason {@code stop}, {@code length}, {@code content_filter}; {@code null} until the end; always
     *                     written
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Choice(
            String text,
            int index,
            @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode logprobs,
            @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {

        public static Choice of(int index, String text, String finishReason) {
            return new Choice(text, index, null, finishReason);
        }
    }

    public static CompletionResponse of(String id, long created, String model, List<Choice> choices, Usage usage) {
        return new CompletionResponse(id, OBJECT, created, model, null, choices, usage);
    }
}
