package ai.citadel.commons.audit;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The settings of an {@link AuditQueue}. A service maps them under its own prefix by extending this interface in a
 * {@code @ConfigMapping} (orchestration-service: {@code citadel.audit.*}), so the defaults live here only.
 */
public interface AuditSettings {

    /** Calls under way and records waiting for the writer, together; beyond it, new calls are refused (503). */
    @WithDefault("10000")
    int queueCapacity();

    /** Records per multi-row insert. */
    @WithDefault("500")
    int batchSize();

    /** Longest a record waits in memory before its batch is written. */
    @WithDefault("50ms")
    Duration flushInterval();

    /** Longest one batch write may take before PostgreSQL counts as unreachable. */
    @WithDefault("5s")
    Duration writeTimeout();

    /** How long the writer waits before it tries a batch PostgreSQL did not take again. */
    @WithDefault("2s")
    Duration retryInterval();
}
