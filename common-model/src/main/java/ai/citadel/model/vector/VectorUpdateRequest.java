package ai.citadel.model.vector;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/**
 * Citadel vector update request, {@code POST /api/v1/vectors/update}: replaces the point {@code id}; give
 * {@code text}, {@code vector}, {@code metadata} or any mix (what is absent stays as it was).
 *
 * @param collection collection name
 * @param id         the point to update
 * @param text       new text to embed and keep
 * @param vector     a new ready vector
 * @param metadata   new payload
 * @param model      embedding model for {@code text}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VectorUpdateRequest(
        @NotBlank String collection,
        @NotBlank String id,
        String text,
        float[] vector,
        Map<String, Object> metadata,
        String model) {

    @JsonIgnore
    @AssertTrue(message = "text, vector or metadata is required")
    public boolean isChangePresent() {
        return (text != null && !text.isBlank()) || (vector != null && vector.length > 0) || metadata != null;
    }
}
