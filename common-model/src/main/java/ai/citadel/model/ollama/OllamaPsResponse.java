package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Ollama loaded models list, {@code GET /api/ps}.
 *
 * @param models the models in memory
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OllamaPsResponse(List<RunningModel> models) {

    /**
     * @param name          e.g. {@code mistral:latest}
     * @param model         same as {@code name}
     * @param size          bytes in memory
     * @param digest        SHA-256 of the manifest
     * @param details       format, family, size, quantization
     * @param expiresAt     when it will be unloaded, RFC 3339, kept as written
     * @param sizeVram      bytes in GPU memory
     * @param contextLength context window it was loaded with (newer Ollama versions)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RunningModel(
            String name,
            String model,
            long size,
            String digest,
            OllamaModelDetails details,
            @JsonProperty("expires_at") String expiresAt,
            @JsonProperty("size_vram") long sizeVram,
            @JsonProperty("context_length") Integer contextLength) {
    }
}
