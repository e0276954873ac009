package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Ollama legacy embedding request, {@code POST /api/embeddings} (superseded by {@code /api/embed}; Citadel's gateway
 * also serves this shape).
 *
 * @param model     embedding model name
 * @param prompt    the text to embed
 * @param options   model options
 * @param keepAlive a duration string or seconds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaEmbeddingsRequest(
        @NotBlank String model,
        @NotNull String prompt,
        OllamaOptions options,
        @JsonProperty("keep_alive") JsonNode keepAlive) {

    public static OllamaEmbeddingsRequest of(String model, String prompt) {
        return new OllamaEmbeddingsRequest(model, prompt, null, null);
    }
}
