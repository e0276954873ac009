package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The {@code embedding} of an OpenAI embeddings response item: an array of floats
 * ({@code encoding_format:"float"}) or a base64 string of little-endian float32s ({@code encoding_format:"base64"}).
 * Exactly one of {@code values} and {@code base64} is set.
 *
 * @param values the float form
 * @param base64 the base64 form
 */
public record EmbeddingVector(float[] values, String base64) {

    public EmbeddingVector {
        if ((values == null) == (base64 == null)) {
            throw new IllegalArgumentException("exactly one of values and base64 is set");
        }
    }

    @JsonCreator
    public static EmbeddingVector of(float[] values) {
        return new EmbeddingVector(values, null);
    }

    @JsonCreator
    public static EmbeddingVector base64(String base64) {
        return new EmbeddingVector(null, base64);
    }

    @JsonValue
    Object wireValue() {
        return values != null ? values : base64;
    }
}
