package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;

/**
 * Ollama model download request, {@code POST /api/pull}.
 *
 * @param model    model name to pull
 * @param insecure allow insecure connections to the registry
 * @param stream   {@code false} for one final status object instead of NDJSON progress lines
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaPullRequest(@NotBlank String model, Boolean insecure, Boolean stream) {

    public static OllamaPullRequest of(String model, boolean stream) {
        return new OllamaPullRequest(model, null, stream);
    }
}
