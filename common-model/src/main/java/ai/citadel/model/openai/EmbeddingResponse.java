package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * OpenAI embeddings response ({@code "object":"list"}) of {@code POST /v1/embeddings}.
 *
 * @param object always {@code list}
 * @param data   one item per input, in input order
 * @param model  the model that embedded
 * @param usage  token counts
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingResponse(String object, List<Embedding> data, String model, EmbeddingUsage usage) {

    /**
     * @param object    always {@code embedding}
     * @param index     position of the input it embeds
     * @param embedding the vector, as floats or base64
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Embedding(String object, int index, EmbeddingVector embedding) {

        public static Embedding of(int index, float[] values) {
            return new Embedding("embedding", index, EmbeddingVector.of(values));
        }
    }

    public static EmbeddingResponse of(String model, List<Embedding> data, EmbeddingUsage usage) {
        return new EmbeddingResponse("list", data, model, usage);
    }
}
