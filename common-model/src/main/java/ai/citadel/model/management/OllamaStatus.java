package ai.citadel.model.management;

import ai.citadel.model.ollama.OllamaPsResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The Ollama hosts, {@code GET /management/system/ollama-status}: each one up or not, its version, how long it took
 * to answer and the models it has in memory. A host that is down is one entry saying why, never a failed call.
 *
 * @param allUp whether every host asked answered
 */
public record OllamaStatus(
        @JsonProperty("all_up") boolean allUp,
        List<Host> hosts) {

    public static OllamaStatus of(List<Host> hosts) {
        return new OllamaStatus(hosts.stream().allMatch(Host::up), hosts);
    }

    /**
     * @param status       {@code ok}, {@code unavailable} (not reached, too slow, a 5xx, circuit open) or
     *                     {@code error}
     * @param up           whether the host answered ({@code status} is {@code ok})
     * @param version      what {@code /api/version} says
     * @param latencyMs    time to the answer of {@code /api/version}
     * @param modelsLoaded the models in memory ({@code /api/ps}); absent unless {@code ok}
     * @param error        why the host is not up; absent when {@code ok}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Host(
            String host,
            String url,
            String status,
            boolean up,
            String version,
            @JsonProperty("latency_ms") Long latencyMs,
            @JsonProperty("models_loaded") List<OllamaPsResponse.RunningModel> modelsLoaded,
            String error) {
    }
}
