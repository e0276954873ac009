package ai.citadel.model.vector;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * Citadel vector search response of {@code POST /api/v1/vectors/search}, best match first.
 *
 * @param collection the collection searched
 * @param model      the model that embedded the query (absent when a vector was given)
 * @param matches    the nearest points, by descending score
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VectorSearchResponse(String collection, String model, List<Match> matches) {

    /**
     * @param id       point id
     * @param score    cosine similarity, higher is nearer
     * @param metadata the point's payload
     * @param text     the stored text, if any
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(String id, double score, Map<String, Object> metadata, String text) {
    }
}
