package ai.citadel.model.embedding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;

/**
 * Citadel embedding request in the original (seed) shape, {@code POST /api/v1/embed}.
 *
 * @param text  the text to embed
 * @param model embedding model; the service default when absent
 * @param cache use and fill the embedding cache (default {@code true})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbedRequest(@NotBlank String text, String model, Boolean cache) {
}
