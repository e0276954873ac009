package ai.citadel.model.management;

import ai.citadel.model.ollama.OllamaTagsResponse;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One host's part of {@code GET /management/models/list}: the models it holds ({@code /api/tags}), or why it did not
 * say.
 *
 * @param status {@code ok}, {@code unavailable} (not reached, too slow, a 5xx, circuit open) or {@code error}
 * @param error  why there are no models; absent when {@code ok}
 * @param models as Ollama lists them; absent unless {@code ok}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostModels(String host, String status, String error, List<OllamaTagsResponse.Model> models) {
}
