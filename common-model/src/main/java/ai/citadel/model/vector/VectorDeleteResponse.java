package ai.citadel.model.vector;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Citadel vector delete response of {@code DELETE /api/v1/vectors/{id}?collection=…}.
 *
 * @param success    {@code true} when the point was deleted
 * @param collection the collection
 * @param id         the deleted point id
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VectorDeleteResponse(boolean success, String collection, String id) {
}
