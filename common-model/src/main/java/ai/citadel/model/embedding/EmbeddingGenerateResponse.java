package ai.citadel.model.embedding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Citadel single-text embedding response of {@code POST /api/v1/embeddings/generate}.
 *
 * @param success    {@code true} (failures use the error envelope)
 * @param model      the model actually used (may differ from the request only when fallback was allowed)
 * @param dimensions length of {@code embedding}
 * @param embedding  the vector
 * @param cached     whether it came from the cache
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingGenerateResponse(
        boolean success,
        String model,
        int dimensions,
        float[] embedding,
        boolean cached) {

    public static EmbeddingGenerateResponse of(String model, float[] embedding, boolean cached) {
        return new EmbeddingGenerateResponse(true, model, embedding.length, embedding, cached);
    }
}
