package ai.citadel.embedding.service;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Vectors as little-endian float32 bytes: the Redis cache value and OpenAI's base64 encoding. */
public final class Float32Vectors {

    private Float32Vectors() {
    }

    public static byte[] toBytes(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return buffer.array();
    }

    public static float[] fromBytes(byte[] bytes) {
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
        return vector;
    }
}
