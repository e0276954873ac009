package ai.citadel.commons.db;

import ai.citadel.commons.config.DatabaseConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;

/**
 * Bounds every PostgreSQL call of the service ({@code citadel.database.call-timeout}): a database that hangs
 * or cannot be reached, or whose connection pool is exhausted, fails the call with
 * {@link DatabaseUnavailableException} (a 503), not a hung request or a 500. Errors PostgreSQL itself reports stay as
 * they are.
 */
@ApplicationScoped
public class DatabaseCalls {

    private final Duration timeout;

    DatabaseCalls(DatabaseConfig config) {
        this.timeout = config.callTimeout();
    }

    public <T> Uni<T> bounded(Uni<T> call) {
        return call.ifNoItem().after(timeout).failWith(() -> new DatabaseUnavailableException(
                        "PostgreSQL did not answer within " + timeout.toMillis() + " ms"))
                .onFailure(DatabaseCalls::isConnectionFailure).transform(failure -> new DatabaseUnavailableException(
                        "PostgreSQL cannot be reached: " + failure.getMessage()))
                .onFailure(BoundedPgPool::isPoolExhausted).transform(failure -> new DatabaseUnavailableException(
                        "PostgreSQL is busy: no connection came free (" + failure.getMessage() + ")"));
    }

    private static boolean isConnectionFailure(Throwable failure) {
        return failure instanceof IOException || failure instanceof ClosedConnectionException;
    }
}
