package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;

import java.util.List;

/**
 * Ollama completion request, {@code POST /api/generate}.
 *
 * @param model     model name
 * @param prompt    the prompt; empty loads the model
 * @param suffix    text after the completion (fill-in-the-middle)
 * @param images    base64-encoded images
 * @param format    {@code "json"} or a JSON schema object
 * @param options   model options
 * @param system    overrides the Modelfile system prompt
 * @param template  overrides the Modelfile prompt template
 * @param stream    {@code false} for one JSON object (default {@code true})
 * @param raw       send the prompt without templating
 * @param keepAlive a duration string or seconds
 * @param context   (deprecated) the {@code context} of a previous response
 * @param think     {@code true}/{@code false} or a level
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaGenerateRequest(
        @NotBlank String model,
        String prompt,
        String suffix,
        List<String> images,
        JsonNode format,
        OllamaOptions options,
        String system,
        String template,
        Boolean stream,
        Boolean raw,
        @JsonProperty("keep_alive") JsonNode keepAlive,
        List<Integer> context,
        JsonNode think) {

    public static OllamaGenerateRequest of(String model, String prompt, boolean stream) {
        return new OllamaGenerateRequest(model, prompt, null, null, null, null, null, null, stream, null, null, null,
                null);
    }
}
