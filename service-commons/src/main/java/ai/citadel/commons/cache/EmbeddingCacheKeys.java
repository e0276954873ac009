package ai.citadel.commons.cache;

import ai.citadel.commons.text.Sha256;

/**
 * The one layout of the embedding cache in Redis, shared by gateway-service and embedding-service so that a vector
 * either one cached is served by the other:
 * <ul>
 *   <li>key {@code citadel:embeddings:<model>:<SHA-256 hex of the text's UTF-8>}, the model without Ollama's
 *       default {@code :latest} tag ({@code nomic-embed-text} and {@code nomic-embed-text:latest} are one model);</li>
 *   <li>value the vector as float32 little-endian bytes ({@link Float32Vectors}), with a TTL each service sets.</li>
 * </ul>
 * The model stays readable in the key rather than hashed with the text: one model's entries can be found by their
 * prefix when the model is replaced, and a key pairs with the {@code (model, text_hash)} rows of embedding-service's
 * cache metadata. The value is raw float32: 4 bytes a dimension against ~10 as JSON text, and already the bytes
 * OpenAI's base64 encoding carries, so neither service converts a cached vector.
 */
public final class EmbeddingCacheKeys {

    /** Where the keys start, unless embedding-service's {@code citadel.embedding.cache.key-prefix} says otherwise. */
    public static final String PREFIX = "citadel:embeddings:";

    private static final String LATEST_TAG = ":latest";

    private EmbeddingCacheKeys() {
    }

    /** The key of {@code text} embedded by {@code model}. */
    public static String key(String model, String text) {
        return key(PREFIX, model, textHash(text));
    }

    /**
     * @param textHash {@link #textHash} of the text, for callers that keep the hashes anyway
     */
    public static String key(String prefix, String model, String textHash) {
        String name = model.endsWith(LATEST_TAG) ? model.substring(0, model.length() - LATEST_TAG.length()) : model;
        return prefix + name + ":" + textHash;
    }

    public static String textHash(String text) {
        return Sha256.hex(text);
    }
}
