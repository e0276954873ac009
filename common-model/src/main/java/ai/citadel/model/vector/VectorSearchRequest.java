package ai.citadel.model.vector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/**
 * Citadel vector search request, {@code POST /api/v1/vectors/search}: give a {@code query} text (embedded with the
 * collection's model) or a ready {@code vector}.
 *
 * @param collection collection name
 * @param query      text to search for
 * @param vector     a ready query vector
 * @param limit      most matches to return, 1–1000; the service default (10) when absent
 * @param filter     exact-match conditions on metadata keys
 * @param model      embedding model for {@code query}; must match the collection's
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VectorSearchRequest(
        @NotBlank String collection,
        String query,
        float[] vector,
        @Min(1) @Max(1000) Integer limit,
        Map<String, Object> filter,
        String model) {

    @JsonIgnore
    @AssertTrue(message = "query or vector is required")
    public boolean isQueryOrVectorPresent() {
        return (query != null && !query.isBlank()) || (vector != null && vector.length > 0);
    }

    public static VectorSearchRequest query(String collection, String query, int limit) {
        return new VectorSearchRequest(collection, query, null, limit, null, null);
    }
}
