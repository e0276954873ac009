package ai.citadel.commons.cache;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class EmbeddingCacheKeysTest {

    private static final String HELLO = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    @Test
    void modelThenTheTextsSha256() {
        assertEquals("citadel:embeddings:all-minilm:" + HELLO, EmbeddingCacheKeys.key("all-minilm", "hello"));
        assertEquals(HELLO, EmbeddingCacheKeys.textHash("hello"));
    }

    @Test
    void theLatestTagNamesTheSameModel() {
        // the gateway's catalog says nomic-embed-text:latest, embedding-service's nomic-embed-text
        assertEquals(EmbeddingCacheKeys.key("nomic-embed-text", "hello"),
                EmbeddingCacheKeys.key("nomic-embed-text:latest", "hello"));
        assertNotEquals(EmbeddingCacheKeys.key("nomic-embed-text", "hello"),
                EmbeddingCacheKeys.key("nomic-embed-text:v1.5", "hello"));
    }

    @Test
    void aConfiguredPrefixAndAHashAtHandGiveTheSameLayout() {
        assertEquals(EmbeddingCacheKeys.key("bge-m3", "hello"),
                EmbeddingCacheKeys.key(EmbeddingCacheKeys.PREFIX, "bge-m3", EmbeddingCacheKeys.textHash("hello")));
        assertEquals("other:bge-m3:" + HELLO, EmbeddingCacheKeys.key("other:", "bge-m3", HELLO));
    }

    @Test
    void modelsDoNotShareEntries() {
        assertNotEquals(EmbeddingCacheKeys.key("all-minilm", "hello"), EmbeddingCacheKeys.key("bge-m3", "hello"));
    }
}
