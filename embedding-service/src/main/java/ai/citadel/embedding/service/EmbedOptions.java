package ai.citadel.embedding.service;

/**
 * How a request wants its texts embedded.
 *
 * @param useCache      read and fill the cache
 * @param allowFallback let the next model of the fallback chain serve when the requested one is unavailable
 * @param truncate      cut over-long texts to the model's context instead of failing
 * @param batchSize     most of this request's texts per model call
 */
public record EmbedOptions(boolean useCache, boolean allowFallback, boolean truncate, int batchSize) {

    /** Cache on, no fallback, truncation on, the backend's batch size. */
    public static final EmbedOptions DEFAULTS = new EmbedOptions(true, false, true, Integer.MAX_VALUE);

    /** {@code null}s take the defaults. */
    public static EmbedOptions of(Boolean useCache, Boolean allowFallback, Boolean truncate, Integer batchSize) {
        return new EmbedOptions(useCache == null || useCache, Boolean.TRUE.equals(allowFallback),
                truncate == null || truncate, batchSize == null ? Integer.MAX_VALUE : batchSize);
    }
}
