package ai.citadel.commons.cache;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Vectors as float32 little-endian bytes: the value of the embedding cache ({@link EmbeddingCacheKeys}) and the
 * bytes of OpenAI's {@code encoding_format: "base64"}, so a cached vector goes out bit for bit without conversion.
 */
public final class Float32Vectors {

    private Float32Vectors() {
    }

    public static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    /** The floats of {@code bytes}; trailing bytes short of a whole float are ignored. */
    public static float[] fromBytes(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
