package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Ollama server version, {@code GET /api/version}: {@code {"version":"0.12.6"}}.
 *
 * @param version the version string
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OllamaVersionResponse(String version) {
}
