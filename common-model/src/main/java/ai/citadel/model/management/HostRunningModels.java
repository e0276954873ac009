package ai.citadel.model.management;

import ai.citadel.model.ollama.OllamaPsResponse;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One host's part of {@code GET /management/models/running}: the models it has in memory ({@code /api/ps}).
 *
 * @param status {@code ok}, {@code unavailable} or {@code error}
 * @param error  why there is no list; absent when {@code ok}
 * @param models as Ollama lists them; absent unless {@code ok}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostRunningModels(String host, String status, String error, List<OllamaPsResponse.RunningModel> models) {
}
