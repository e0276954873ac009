package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * OpenAI chat completion response ({@code "object":"chat.completion"}), the body of a non-streaming
 * {@code POST /v1/chat/completions}.
 *
 * @param id                e.g. {@code chatcmpl-…}
 * @param object            always {@code chat.completion}
 * @param created           Unix seconds
 * @param model             the model that answered
 * @param systemFingerprint backend configuration fingerprint, if any
 * @param serviceTier       OpenAI service tier, if any
 * @param choices           one per {@code n}
 * @param usage             token counts
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletion(
        String id,
        String object,
        long created,
        String model,
        @JsonProperty("system_fingerprint") String systemFingerprint,
        @JsonProperty("service_tier") String serviceTier,
        List<Choice> choices,
        Usage usage) {

    public static final String OBJECT = "chat.completion";

    /**
     * @param index        position in {@code choices}
     * @param message      the generated message
     * @param logprobs     log probabilities as JSON; always written, {@code null} unless requested
     * @param finishReason {@code stop}, {@code length}, {@code tool_calls}, {@code content_filter}; always written
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Choice(
            int index,
            AssistantMessage message,
            @JsonInclude(JsonInclude.Include.ALWAYS) JsonNode logprobs,
            @JsonProperty("finish_reason") @JsonInclude(JsonInclude.Include.ALWAYS) String finishReason) {

        public static Choice of(int index, AssistantMessage message, String finishReason) {
            return new Choice(index, message, null, finishReason);
        }
    }

    public static ChatCompletion of(String id, long created, String model, List<Choice> choices, Usage usage) {
        return new ChatCompletion(id, OBJECT, created, model, null, null, choices, usage);
    }
}
