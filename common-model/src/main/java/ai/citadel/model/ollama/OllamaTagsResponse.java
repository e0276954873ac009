package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Ollama local models list, {@code GET /api/tags}.
 *
 * @param models the models on this host
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OllamaTagsResponse(List<Model> models) {

    /**
     * @param name       e.g. {@code llama3:latest}
     * @param model      same as {@code name} (newer Ollama versions)
     * @param modifiedAt RFC 3339 timestamp, kept as written
     * @param size       bytes on disk
     * @param digest     SHA-256 of the manifest
     * @param details    format, family, size, quantization
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Model(
            String name,
            String model,
            @JsonProperty("modified_at") String modifiedAt,
            long size,
            String digest,
            OllamaModelDetails details) {
    }
}
