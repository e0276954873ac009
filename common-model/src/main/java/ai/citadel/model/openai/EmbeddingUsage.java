package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Token usage of an OpenAI embeddings response: {@code {prompt_tokens, total_tokens}}.
 *
 * @param promptTokens tokens in the input
 * @param totalTokens  the same number (embeddings generate nothing)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingUsage(
        @JsonProperty("prompt_tokens") int promptTokens,
        @JsonProperty("total_tokens") int totalTokens) {

    public static EmbeddingUsage of(int promptTokens) {
        return new EmbeddingUsage(promptTokens, promptTokens);
    }
}
