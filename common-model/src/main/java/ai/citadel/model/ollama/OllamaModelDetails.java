package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The {@code details} of a model in Ollama {@code /api/tags}, {@code /api/ps} and {@code /api/show}.
 * {@code families} is always written ({@code null} when Ollama has none), as Ollama does.
 *
 * @param parentModel       the model it was built from, often empty
 * @param format            e.g. {@code gguf}
 * @param family            e.g. {@code llama}
 * @param families          all families, or {@code null}
 * @param parameterSize     e.g. {@code 8.0B}
 * @param quantizationLevel e.g. {@code Q4_0}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaModelDetails(
        @JsonProperty("parent_model") String parentModel,
        String format,
        String family,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<String> families,
        @JsonProperty("parameter_size") String parameterSize,
        @JsonProperty("quantization_level") String quantizationLevel) {
}
