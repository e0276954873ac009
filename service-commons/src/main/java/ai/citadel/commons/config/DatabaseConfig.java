package ai.citadel.commons.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Bounds on PostgreSQL: the connection pool's queue and every call, so a slow or gone database is a quick refusal,
 * not a pile-up.
 */
@ConfigMapping(prefix = "citadel.database")
public interface DatabaseConfig {

    /** Queries that may wait for a free connection (the pool's size is {@code quarkus.datasource.reactive.max-size}). */
    @WithDefault("256")
    int poolWaitQueue();

    /** How long a query waits for a free connection before it fails. */
    @WithDefault("5s")
    Duration poolAcquireTimeout();

    /** A PostgreSQL call slower than this fails (503 {@code database_unavailable} where a request waits for it). */
    @WithDefault("5s")
    Duration callTimeout();
}
