package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Token usage of an OpenAI chat or legacy completion ({@code usage}).
 *
 * @param promptTokens            tokens in the prompt
 * @param completionTokens        tokens generated
 * @param totalTokens             the sum
 * @param promptTokensDetails     breakdown of the prompt tokens, when the backend reports it
 * @param completionTokensDetails breakdown of the generated tokens, when the backend reports it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Usage(
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("completion_tokens") int completionTokens,
        @JsonProperty("total_tokens") int totalTokens,
        @JsonProperty("prompt_tokens_details") PromptTokensDetails promptTokensDetails,
        @JsonProperty("completion_tokens_details") CompletionTokensDetails completionTokensDetails) {

    /**
     * @param cachedTokens prompt tokens served from the prompt cache
     * @param audioTokens  audio input tokens
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PromptTokensDetails(
            @JsonProperty("cached_tokens") Integer cachedTokens,
            @JsonProperty("audio_tokens") Integer audioTokens) {
    }

    /**
     * @param reasoningTokens          tokens spent on reasoning
     * @param audioTokens              audio output tokens
     * @param acceptedPredictionTokens predicted-output tokens that appeared in the completion
     * @param rejectedPredictionTokens predicted-output tokens that did not
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CompletionTokensDetails(
            @JsonProperty("reasoning_tokens") Integer reasoningTokens,
            @JsonProperty("audio_tokens") Integer audioTokens,
            @JsonProperty("accepted_prediction_tokens") Integer acceptedPredictionTokens,
            @JsonProperty("rejected_prediction_tokens") Integer rejectedPredictionTokens) {
    }

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, completionTokens, promptTokens + completionTokens, null, null);
    }
}
