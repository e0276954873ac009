package ai.citadel.testing.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {

    @Test
    void vectorsAreUnitLengthAndDeterministic() {
        float[] first = Embeddings.vector("bge-m3:latest", "text", 1024);

        assertEquals(1.0, norm(first), 1e-5);
        assertArrayEquals(first, Embeddings.vector("bge-m3:latest", "text", 1024));
        assertFalse(Arrays.equals(first, Embeddings.vector("bge-m3:latest", "text!", 1024)));
        assertFalse(Arrays.equals(first, Embeddings.vector("mxbai-embed-large:latest", "text", 1024)));
    }

    @Test
    void truncationKeepsThePrefixDirection() {
        float[] full = Embeddings.vector("m", "t", 8);
        float[] half = Embeddings.truncated(full.clone(), 4);

        assertEquals(4, half.length);
        assertEquals(1.0, norm(half), 1e-5);
        assertEquals(Math.signum(full[0]), Math.signum(half[0]));
    }

    @Test
    void base64IsLittleEndianFloat32() {
        float[] vector = {1.0f, -0.5f};

        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(Embeddings.base64(vector)))
                .order(ByteOrder.LITTLE_ENDIAN);

        assertEquals(1.0f, bytes.getFloat());
        assertEquals(-0.5f, bytes.getFloat());
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float value : vector) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }
}
