package ai.citadel.embedding.vector;

import java.util.Map;

/**
 * One stored vector.
 *
 * @param id       point id
 * @param vector   the embedding
 * @param text     the text it embeds, if any
 * @param metadata payload returned with search hits
 */
public record VectorPoint(String id, float[] vector, String text, Map<String, Object> metadata) {

    public VectorPoint {
        metadata = metadata == null ? Map.of() : metadata;
    }
}
