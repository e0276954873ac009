package ai.citadel.commons.db;

import ai.citadel.commons.config.DatabaseConfig;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the reactive PostgreSQL pool Quarkus configures, with what its configuration cannot say: an upper bound on
 * the queries waiting for a connection (Vert.x's default is none) and on how long they wait. Beyond either, the query
 * fails at once ({@link #isPoolExhausted}) and the caller answers 503 instead of queueing without limit while
 * PostgreSQL is slow or gone.
 */
@Singleton
public class BoundedPgPool implements PgPoolCreator {

    private final DatabaseConfig config;

    public BoundedPgPool(DatabaseConfig config) {
        this.config = config;
    }

    @Override
    public Pool create(Input input) {
        PoolOptions options = input.poolOptions()
                .setMaxWaitQueueSize(config.poolWaitQueue())
                .setConnectionTimeout((int) config.poolAcquireTimeout().toMillis())
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
        return PgBuilder.pool()
                .with(options)
                .connectingTo(List.<SqlConnectOptions>copyOf(input.pgConnectOptionsList()))
                .using(input.vertx())
                .build();
    }

    /** Whether a query failed because no connection came free: too many already waiting, or waited too long. */
    public static boolean isPoolExhausted(Throwable failure) {
        return failure instanceof ConnectionPoolTooBusyException || failure instanceof TimeoutException;
    }
}
