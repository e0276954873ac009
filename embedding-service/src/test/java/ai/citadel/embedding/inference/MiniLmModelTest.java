package ai.citadel.embedding.inference;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both variants of the in-process all-minilm: float32 gives LangChain4j's vectors, alone or inside a padded batch;
 * int8 gives a text the same vector, bit for bit, whatever else is in its batch, and stays close to float32. A
 * {@code @QuarkusTest} only so that the tokenizer's native library is loaded by the same class loader as the
 * application's (a plain JUnit test loading it first breaks every {@code @QuarkusTest} after it).
 */
@QuarkusTest
class MiniLmModelTest {

    /** Float32 padding under the attention mask changes the GEMM shapes, hence the rounding, not the result. */
    private static final float FLOAT32_TOLERANCE = 1e-5f;
    private static final List<String> TEXTS = List.of(
            "a cat sits on the mat",
            "Quarterly revenue grew 5% compared with the same period last year, driven by services.",
            "hi",
            "Ünïcödé, emoji 🚀 and punctuation!? — all in one line.",
            "The quick brown fox jumps over the lazy dog. ".repeat(10));

    private static MiniLmModel float32;
    private static MiniLmModel int8;

    @BeforeAll
    static void load() {
        float32 = new MiniLmModel(MiniLmModel.Variant.FLOAT32, 2, 16_384);
        int8 = new MiniLmModel(MiniLmModel.Variant.INT8, 2, 16_384);
    }

    @AfterAll
    static void close() {
        float32.close();
        int8.close();
    }

    @Test
    void float32MatchesLangChain4jForTextsUpTo128Tokens() {
        var reference = new AllMiniLmL6V2EmbeddingModel(Executors.newSingleThreadExecutor());
        List<float[]> ours = float32.embed(TEXTS, true);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] expected = reference.embed(TextSegment.from(TEXTS.get(i))).content().vector();
            assertArrayEquals(expected, ours.get(i), FLOAT32_TOLERANCE, "text " + i);
        }
    }

    @Test
    void float32TextInsideABatchGetsTheVectorItGetsAlone() {
        List<float[]> batch = float32.embed(TEXTS, true);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(float32.embed(List.of(TEXTS.get(i)), true).getFirst(), batch.get(i), FLOAT32_TOLERANCE,
                    "text " + i);
        }
    }

    @Test
    void int8TextGetsExactlyTheSameVectorAloneAndInAnyBatch() {
        List<List<String>> batchMates = List.of(
                List.of(),
                List.of("hi"),
                List.of("word ".repeat(300), "ok"),
                List.of("Scientists discovered a new species of frog in the Amazon rainforest.", "404", "Ünïcödé 🚀"),
                TEXTS);
        for (String text : TEXTS) {
            float[] alone = int8.embed(List.of(text), true).getFirst();
            for (List<String> mates : batchMates) {
                int at = mates.size() / 2;
                List<String> batch = new ArrayList<>(mates);
                batch.add(at, text);
                assertArrayEquals(alone, int8.embed(batch, true).get(at), "'" + text + "' next to " + mates);
            }
        }
    }

    /**
     * The bar for the default variant: per text, cosine(int8, float32) ≥ 0.99 for 99 % of a fixed, varied set
     * (quality/texts.txt: questions, documentation, chat, code and logs, short and long, English and 15 other
     * languages). The int8 graph was calibrated on other texts (embedding-service/model/calibration.txt).
     */
    @Test
    void int8StaysCloseToFloat32() throws IOException {
        List<String> texts = qualityTexts();
        double[] cosines = new double[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            cosines[i] = dot(int8.embed(List.of(texts.get(i)), true).getFirst(),
                    float32.embed(List.of(texts.get(i)), true).getFirst()); // both unit length
        }
        Arrays.sort(cosines);
        double p1 = cosines[(int) Math.ceil(0.01 * cosines.length) - 1]; // nearest rank
        System.out.printf(Locale.ROOT, "int8 vs float32 over %d texts: min %.4f, p1 %.4f, median %.4f%n",
                cosines.length, cosines[0], p1, cosines[cosines.length / 2]);
        assertTrue(texts.size() >= 300, "the quality set is complete");
        assertTrue(p1 >= 0.99, "p1 of cosine(int8, float32) is " + p1);
    }

    @Test
    void overLongTextsAreCutOrRejected() {
        String longText = "word ".repeat(600);
        for (MiniLmModel model : List.of(float32, int8)) {
            assertEquals(MiniLmModel.DIMENSIONS, model.embed(List.of(longText), true).getFirst().length);
            assertThrows(InputTooLongException.class, () -> model.embed(List.of("short", longText), false));
        }
    }

    private static List<String> qualityTexts() throws IOException {
        try (InputStream in = MiniLmModelTest.class.getResourceAsStream("/quality/texts.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank()).toList();
        }
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
