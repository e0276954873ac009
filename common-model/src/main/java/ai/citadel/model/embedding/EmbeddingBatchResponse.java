package ai.citadel.model.embedding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Citadel batch embedding response of {@code POST /api/v1/embeddings/batch}.
 *
 * @param success     {@code true} (failures use the error envelope)
 * @param model       the model actually used for every vector
 * @param dimensions  length of each vector
 * @param embeddings  one vector per text, in request order
 * @param cachedCount how many came from the cache
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingBatchResponse(
        boolean success,
        String model,
        int dimensions,
        List<float[]> embeddings,
        @JsonProperty("cached_count") int cachedCount) {
}
