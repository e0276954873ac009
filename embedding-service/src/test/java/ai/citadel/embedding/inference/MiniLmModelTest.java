package ai.citadel.embedding.inference;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Citadel's batched all-minilm gives LangChain4j's vectors (float32 model), alone or inside a padded batch. A
 * {@code @QuarkusTest} only so that the tokenizer's native library is loaded by the same class loader as the
 * application's.
 */
@QuarkusTest
class MiniLmModelTest {

    private static final float TOLERANCE = 1e-5f;
    private static final List<String> TEXTS = List.of(
            "a cat sits on the mat",
            "Quarterly revenue grew 5% compared with the same period last year, driven by services.",
            "hi",
            "Ünïcödé, emoji 🚀 and punctuation!? — all in one line.",
            "The quick brown fox jumps over the lazy dog. ".repeat(10));

    private static MiniLmModel model;

    @BeforeAll
    static void load() {
        model = new MiniLmModel(MiniLmModel.Variant.FLOAT32, 2, 16_384);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void matchesLangChain4jForTextsUpTo128Tokens() {
        var reference = new AllMiniLmL6V2EmbeddingModel(Executors.newSingleThreadExecutor());
        List<float[]> ours = model.embed(TEXTS, true);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] expected = reference.embed(TextSegment.from(TEXTS.get(i))).content().vector();
            assertArrayEquals(expected, ours.get(i), TOLERANCE, "text " + i);
        }
    }

    @Test
    void aTextInsideABatchGetsTheVectorItGetsAlone() {
        List<float[]> batch = model.embed(TEXTS, true);
        for (int i = 0; i < TEXTS.size(); i++) {
            assertArrayEquals(model.embed(List.of(TEXTS.get(i)), true).getFirst(), batch.get(i), TOLERANCE,
                    "text " + i);
        }
    }

    @Test
    void overLongTextsAreCutOrRejected() {
        String longText = "word ".repeat(600);
        assertEquals(MiniLmModel.DIMENSIONS, model.embed(List.of(longText), true).getFirst().length);
        assertThrows(InputTooLongException.class, () -> model.embed(List.of("short", longText), false));
    }
}
