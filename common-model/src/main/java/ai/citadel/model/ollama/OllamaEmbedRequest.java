package ai.citadel.model.ollama;

import ai.citadel.model.common.StringOrList;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * Ollama embeddings request, {@code POST /api/embed}.
 *
 * @param model      embedding model name
 * @param input      one text or a list of texts
 * @param truncate   cut inputs to the context length instead of failing (default {@code true})
 * @param options    model options
 * @param keepAlive  a duration string or seconds
 * @param dimensions number of dimensions to return (models that support it)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaEmbedRequest(
        @NotBlank String model,
        @NotNull StringOrList input,
        Boolean truncate,
        OllamaOptions options,
        @JsonProperty("keep_alive") JsonNode keepAlive,
        Integer dimensions) {

    public static OllamaEmbedRequest of(String model, List<String> inputs) {
        return new OllamaEmbedRequest(model, StringOrList.of(inputs), null, null, null, null);
    }
}
