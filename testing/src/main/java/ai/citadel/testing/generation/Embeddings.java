package ai.citadel.testing.generation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Deterministic embeddings: a unit-length vector seeded by a hash of model and text, so the same input always embeds
 * the same way, different inputs practically never collide, and vectors of different models differ.
 */
public final class Embeddings {

    private Embeddings() {
    }

    /**
     * @param modelKey  the model's canonical name (so aliases of one model embed alike)
     * @param dimension the model's full dimension
     */
    public static float[] vector(String modelKey, String text, int dimension) {
        SplittableRandom random = new SplittableRandom(seed(modelKey, text));
        float[] vector = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return normalized(vector);
    }

    /**
     * The first {@code dimensions} values, renormalized: what Ollama and OpenAI do for a {@code dimensions} request
     * (Matryoshka truncation). Returns the vector itself when it is not longer.
     */
    public static float[] truncated(float[] vector, int dimensions) {
        if (dimensions <= 0 || dimensions >= vector.length) {
            return vector;
        }
        float[] prefix = new float[dimensions];
        System.arraycopy(vector, 0, prefix, 0, dimensions);
        return normalized(prefix);
    }

    /** OpenAI's {@code encoding_format: "base64"}: the float32 values, little-endian, base64-encoded. */
    public static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(Float.BYTES * vector.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : vector) {
            bytes.putFloat(value);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static float[] normalized(float[] vector) {
        double sumOfSquares = 0;
        for (float value : vector) {
            sumOfSquares += (double) value * value;
        }
        double norm = Math.max(Math.sqrt(sumOfSquares), 1e-12);
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) (vector[i] / norm);
        }
        return vector;
    }

    private static long seed(String modelKey, String text) {
        return ByteBuffer.wrap(Sha256.of(modelKey + "\u0000" + text)).getLong();
    }
}
