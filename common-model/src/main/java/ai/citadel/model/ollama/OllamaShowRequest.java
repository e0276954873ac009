package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;

/**
 * Ollama model information request, {@code POST /api/show}.
 *
 * @param model   model name
 * @param verbose include the large tokenizer fields in {@code model_info}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaShowRequest(@NotBlank String model, Boolean verbose) {

    public static OllamaShowRequest of(String model) {
        return new OllamaShowRequest(model, null);
    }
}
