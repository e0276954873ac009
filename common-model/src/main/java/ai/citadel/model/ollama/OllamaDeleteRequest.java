package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotBlank;

/**
 * Ollama model removal request, {@code DELETE /api/delete}.
 *
 * @param model model name to delete
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OllamaDeleteRequest(@NotBlank String model) {
}
