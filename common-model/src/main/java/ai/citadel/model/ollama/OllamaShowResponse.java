package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * Ollama model information, response of {@code POST /api/show}.
 *
 * @param modelfile    the Modelfile text
 * @param parameters   Modelfile parameters as text, one per line
 * @param template     the prompt template
 * @param system       the system prompt, if the Modelfile sets one
 * @param license      the license text
 * @param details      format, family, size, quantization
 * @param modelInfo    GGUF metadata ({@code general.architecture}, {@code llama.context_length} …); {@code null}
 *                     values (the tokenizer fields without {@code verbose}) are kept
 * @param capabilities e.g. {@code completion}, {@code tools}, {@code vision}, {@code embedding}, {@code thinking}
 * @param modifiedAt   RFC 3339 timestamp, kept as written
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaShowResponse(
        String modelfile,
        String parameters,
        String template,
        String system,
        String license,
        OllamaModelDetails details,
        @JsonProperty("model_info")
        @JsonInclude(value = JsonInclude.Include.NON_NULL, content = JsonInclude.Include.ALWAYS)
        Map<String, Object> modelInfo,
        List<String> capabilities,
        @JsonProperty("modified_at") String modifiedAt) {
}
