package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Ollama error body {@code {"error":"…"}}: the whole body of a 4xx/5xx, or a line of an NDJSON stream that failed
 * after it started.
 *
 * @param error what went wrong
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OllamaErrorResponse(String error) {
}
