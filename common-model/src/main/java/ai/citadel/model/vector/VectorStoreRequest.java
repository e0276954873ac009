package ai.citadel.model.vector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/**
 * Citadel vector store request, {@code POST /api/v1/vectors/store}: give {@code text} (embedded by the service) or a
 * ready {@code vector}, or both (then the text is only kept as payload).
 *
 * @param collection collection name; created on demand with the vector's dimension
 * @param id         point id; the service generates one when absent
 * @param text       text to embed and keep with the point
 * @param vector     a ready vector
 * @param metadata   payload stored with the point and returned by searches
 * @param model      embedding model for {@code text}; the collection's (or service default) model when absent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VectorStoreRequest(
        @NotBlank String collection,
        String id,
        String text,
        float[] vector,
        Map<String, Object> metadata,
        String model) {

    @JsonIgnore
    @AssertTrue(message = "text or vector is required")
    public boolean isTextOrVectorPresent() {
        return (text != null && !text.isBlank()) || (vector != null && vector.length > 0);
    }

    public static VectorStoreRequest text(String collection, String text, Map<String, Object> metadata) {
        return new VectorStoreRequest(collection, null, text, null, metadata, null);
    }
}
