package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;

/**
 * OpenAI embeddings request, {@code POST /v1/embeddings}.
 *
 * @param input          a string, an array of strings, an array of token ids or an array of token-id arrays
 * @param model          embedding model name
 * @param encodingFormat {@code float} (default) or {@code base64}
 * @param dimensions     truncate the vectors to this many dimensions (models that support it)
 * @param user           end-user identifier
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingRequest(
        @NotNull JsonNode input,
        @NotBlank String model,
        @JsonProperty("encoding_format") @Pattern(regexp = "float|base64") String encodingFormat,
        @Min(1) Integer dimensions,
        String user) {

    public static EmbeddingRequest of(String model, String input) {
        return new EmbeddingRequest(TextNode.valueOf(input), model, null, null, null);
    }

    public static EmbeddingRequest of(String model, List<String> inputs) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode(inputs.size());
        inputs.forEach(array::add);
        return new EmbeddingRequest(array, model, null, null, null);
    }
}
