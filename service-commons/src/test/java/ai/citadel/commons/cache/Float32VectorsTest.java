package ai.citadel.commons.cache;

import org.junit.jupiter.api.Test;

import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class Float32VectorsTest {

    @Test
    void fourBytesAFloatLittleEndian() {
        // 1.0f is 0x3F800000, -2.0f is 0xC0000000: low byte first
        assertArrayEquals(new byte[]{0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0},
                Float32Vectors.toBytes(new float[]{1.0f, -2.0f}));
    }

    @Test
    void isOpenAisBase64EncodingOnceEncoded() {
        // OpenAI's base64 embedding of [1.0, -2.0]
        assertEquals("AACAPwAAAMA=", Base64.getEncoder().encodeToString(Float32Vectors.toBytes(new float[]{1.0f, -2.0f})));
    }

    @Test
    void roundTripsBitForBit() {
        float[] vector = {0.1f, -0.0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NaN, 1e-30f};
        assertArrayEquals(vector, Float32Vectors.fromBytes(Float32Vectors.toBytes(vector)));
        assertEquals(0, Float32Vectors.fromBytes(new byte[0]).length);
    }
}
