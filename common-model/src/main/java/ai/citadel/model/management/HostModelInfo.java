package ai.citadel.model.management;

import ai.citadel.model.ollama.OllamaShowResponse;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One host's part of {@code GET /management/models/{name}/info}: what {@code /api/show} says of the model there.
 *
 * @param status {@code ok}, {@code not_found} (the host does not have it), {@code unavailable} or {@code error}
 * @param error  why there is no information; absent when {@code ok}
 * @param info   Ollama's answer; absent unless {@code ok}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostModelInfo(String host, String status, String error, OllamaShowResponse info) {
}
