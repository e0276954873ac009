package ai.citadel.model.embedding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Citadel embedding response in the original (seed) shape, {@code POST /api/v1/embed}.
 *
 * @param embedding the vector
 * @param cached    whether it came from the cache
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbedResponse(float[] embedding, boolean cached) {
}
