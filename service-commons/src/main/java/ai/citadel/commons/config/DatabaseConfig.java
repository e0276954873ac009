package ai.citadel.commons.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The PostgreSQL connection pool's queue: bounded, so a slow or gone database is a quick refusal, not a pile-up. */
@ConfigMapping(prefix = "citadel.database")
public interface DatabaseConfig {

    /** Queries that may wait for a free connection (the pool's size is {@code quarkus.datasource.reactive.max-size}). */
    @WithDefault("256")
    int poolWaitQueue();

    /** How long a query waits for a free connection before it fails. */
    @WithDefault("5s")
    Duration poolAcquireTimeout();
}
