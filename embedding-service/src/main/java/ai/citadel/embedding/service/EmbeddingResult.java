package ai.citadel.embedding.service;

import java.util.List;

/**
 * Vectors of one request, all from one model.
 *
 * @param model       the model actually used (differs from the requested one only after an allowed fallback)
 * @param vectors     one per text, in order
 * @param cachedCount how many came from the cache
 */
public record EmbeddingResult(EmbeddingModel model, List<float[]> vectors, int cachedCount) {
}
