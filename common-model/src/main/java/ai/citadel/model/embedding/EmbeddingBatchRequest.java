package ai.citadel.model.embedding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/**
 * Citadel batch embedding request, {@code POST /api/v1/embeddings/batch}.
 *
 * @param texts         the texts to embed, in order
 * @param model         embedding model; the service default when absent
 * @param batchSize     how many texts go to the model per call; the service default when absent
 * @param cacheEnabled  use and fill the embedding cache (default {@code true})
 * @param allowFallback allow another model when the requested one is unavailable (default {@code false})
 * @param truncate      cut texts to the model's context instead of failing (default {@code true})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingBatchRequest(
        @NotEmpty List<@NotBlank String> texts,
        String model,
        @JsonProperty("batch_size") @Min(1) Integer batchSize,
        @JsonProperty("cache_enabled") Boolean cacheEnabled,
        @JsonProperty("allow_fallback") Boolean allowFallback,
        Boolean truncate) {

    public static EmbeddingBatchRequest of(List<String> texts, String model) {
        return new EmbeddingBatchRequest(texts, model, null, null, null, null);
    }
}
