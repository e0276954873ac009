package ai.citadel.model.vector;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Citadel vector store/update response of {@code POST /api/v1/vectors/store} and {@code /update}.
 *
 * @param success    {@code true} (failures use the error envelope)
 * @param collection the collection written
 * @param id         the point id (generated when the request had none)
 * @param dimensions vector length
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VectorStoreResponse(boolean success, String collection, String id, int dimensions) {
}
