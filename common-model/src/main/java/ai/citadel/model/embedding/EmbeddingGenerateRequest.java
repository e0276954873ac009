package ai.citadel.model.embedding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;

/**
 * Citadel single-text embedding request, {@code POST /api/v1/embeddings/generate}.
 *
 * @param text          the text to embed
 * @param model         embedding model; the service default when absent
 * @param cacheEnabled  use and fill the embedding cache (default {@code true})
 * @param allowFallback allow another model when the requested one is unavailable (default {@code false}); the
 *                      response names the model actually used
 * @param truncate      cut the text to the model's context instead of failing (default {@code true})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingGenerateRequest(
        @NotBlank String text,
        String model,
        @JsonProperty("cache_enabled") Boolean cacheEnabled,
        @JsonProperty("allow_fallback") Boolean allowFallback,
        Boolean truncate) {

    public static EmbeddingGenerateRequest of(String text, String model) {
        return new EmbeddingGenerateRequest(text, model, null, null, null);
    }
}
