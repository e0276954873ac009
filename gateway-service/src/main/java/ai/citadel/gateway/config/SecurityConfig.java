package ai.citadel.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * API keys and rate limits of {@code /v1/*} and {@code /api/*} (docs/architecture.md#gateway-api-keys-and-rate-limits).
 */
@ConfigMapping(prefix = "citadel.security")
public interface SecurityConfig {

    /**
     * Whether {@code /v1/*} and {@code /api/*} need {@code Authorization: Bearer ck-…}. On by default; only the dev
     * and test profiles switch it off. With it off, a {@code ck-} key that is sent is still checked and limited.
     */
    @WithDefault("true")
    boolean apiKeysRequired();

    /**
     * How long a key looked up in PostgreSQL is trusted without asking again: a revoke reaches other replicas
     * within this time (this replica at once). During a PostgreSQL outage keys already seen keep working.
     */
    @WithDefault("30s")
    Duration keyCacheTtl();

    /** Longest wait for PostgreSQL when a key is not (or no longer) in the cache. */
    @WithDefault("2s")
    Duration keyLookupTimeout();

    /** How many refused (unknown or revoked) key hashes are remembered, so guessing keys cannot load PostgreSQL. */
    @WithDefault("10000")
    int refusedKeyCacheSize();

    /** How long a refused key is refused without asking PostgreSQL again (a key created since works after it). */
    @WithDefault("60s")
    Duration refusedKeyCacheTtl();

    /** How often the approximate {@code last_used_at} of keys is written, in one batch. */
    @WithDefault("30s")
    Duration lastUsedFlushInterval();

    RateLimits rateLimits();

    interface RateLimits {
        /** Requests per minute per client IP, keyed or not; 0 = no limit. */
        @WithDefault("0")
        int ipRpm();

        /** Requests per minute of a key whose {@code rpm_limit} is NULL; 0 = no limit. */
        @WithDefault("0")
        int defaultKeyRpm();

        /** Tokens per minute of a key whose {@code tpm_limit} is NULL; 0 = no limit. */
        @WithDefault("0")
        int defaultKeyTpm();

        /**
         * Longest wait for Redis when admitting a request; past it (or with Redis down) the request is let through
         * unlimited rather than failed.
         */
        @WithDefault("250ms")
        Duration redisTimeout();

        /** After repeated Redis failures, how long requests skip the limits before Redis is tried again. */
        @WithDefault("5s")
        Duration redisRetryDelay();

        /** Redis calls the rate limits' circuit breaker looks back on. */
        @WithDefault("4")
        int redisRequestVolumeThreshold();

        /** Share of failed Redis calls among them that opens the circuit (for {@link #redisRetryDelay()}). */
        @WithDefault("0.5")
        double redisFailureRatio();
    }
}
