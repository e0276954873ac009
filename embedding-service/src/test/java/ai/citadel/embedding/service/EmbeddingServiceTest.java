package ai.citadel.embedding.service;

import ai.citadel.commons.cache.EmbeddingCacheKeys;
import ai.citadel.commons.cache.Float32Vectors;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static ai.citadel.embedding.service.EmbeddingService.LIGHT_MAX_CHARS;
import static ai.citadel.embedding.service.EmbeddingService.LIGHT_MAX_TEXTS;
import static ai.citadel.embedding.service.EmbeddingService.lightToPrepare;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a request is prepared (its texts hashed for the cache, counted in tokens with {@code truncate: false}): a
 * small one on the event loop that subscribed, anything heavier on a worker thread; cached vectors are served
 * either way.
 */
@QuarkusTest
class EmbeddingServiceTest {

    private static final EmbedOptions NO_TRUNCATION = EmbedOptions.of(true, false, false, null);
    private static final EmbedOptions NO_CACHE = EmbedOptions.of(false, false, true, null);

    @Inject
    EmbeddingService embeddings;

    @Inject
    Redis redis;

    @Inject
    Vertx vertx;

    @Test
    void aFewShortTextsArePreparedWhereTheyWereSubscribed() {
        assertTrue(lightToPrepare(List.of("what is the refund policy?"), EmbedOptions.DEFAULTS));
        assertTrue(lightToPrepare(texts(LIGHT_MAX_TEXTS, LIGHT_MAX_CHARS / LIGHT_MAX_TEXTS), EmbedOptions.DEFAULTS));
    }

    @Test
    void manyOrLongTextsArePreparedOnAWorker() {
        assertFalse(lightToPrepare(texts(LIGHT_MAX_TEXTS + 1, 1), EmbedOptions.DEFAULTS));
        assertFalse(lightToPrepare(List.of("x".repeat(LIGHT_MAX_CHARS + 1)), EmbedOptions.DEFAULTS));
        List<String> justOver = new ArrayList<>(texts(2, LIGHT_MAX_CHARS / 2));
        justOver.add("x");
        assertFalse(lightToPrepare(justOver, EmbedOptions.DEFAULTS), "the characters of all texts count");
    }

    @Test
    void countingTokensIsAlwaysForAWorker() {
        assertFalse(lightToPrepare(List.of("short"), NO_TRUNCATION));
        assertFalse(lightToPrepare(List.of("short"), EmbedOptions.of(false, false, false, null)));
    }

    /** Without the cache nothing is hashed: the texts only join the model's queue, whatever their size. */
    @Test
    void withoutTheCacheNothingIsPrepared() {
        assertTrue(lightToPrepare(texts(2048, 1000), NO_CACHE));
    }

    @Test
    void aLightRequestIsServedFromTheCache() throws Exception {
        assertServedFromCache(planted(1, 100), EmbedOptions.DEFAULTS);
        assertServedFromCache(planted(LIGHT_MAX_TEXTS, 40), EmbedOptions.DEFAULTS);
    }

    @Test
    void aHeavyRequestIsServedFromTheCache() throws Exception {
        assertServedFromCache(planted(1, LIGHT_MAX_CHARS + 1), EmbedOptions.DEFAULTS);
        assertServedFromCache(planted(LIGHT_MAX_TEXTS + 1, 40), EmbedOptions.DEFAULTS);
        assertServedFromCache(planted(2, 100), NO_TRUNCATION);
    }

    /** Subscribed on an event loop, as the resources do: every vector is the cached one. */
    private void assertServedFromCache(List<String> texts, EmbedOptions options) throws Exception {
        OnEventLoop.Outcome outcome = OnEventLoop.subscribe(vertx,
                () -> embeddings.embed("all-minilm", texts, options));
        EmbeddingResult result = assertInstanceOf(EmbeddingResult.class, outcome.itemOrFailure());
        assertEquals(texts.size(), result.cachedCount());
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(vectorOf(i), result.vectors().get(i), "text " + i);
        }
    }

    /** {@code count} new texts of {@code length} characters (37 at least: a UUID starts each), each cached. */
    private List<String> planted(int count, int length) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String text = UUID.randomUUID() + " " + "x".repeat(length - 37);
            redis.send(Request.cmd(Command.SET).arg(EmbeddingCacheKeys.key("all-minilm", text))
                    .arg(Float32Vectors.toBytes(vectorOf(i))).arg("EX").arg("60")).await().indefinitely();
            texts.add(text);
        }
        return texts;
    }

    private static float[] vectorOf(int index) {
        float[] vector = new float[384];
        vector[index % vector.length] = 1;
        vector[(index + 1) % vector.length] = -0.5f;
        return vector;
    }

    private static List<String> texts(int count, int length) {
        return Collections.nCopies(count, "x".repeat(length));
    }
}
