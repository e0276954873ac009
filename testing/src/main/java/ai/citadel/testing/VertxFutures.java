package ai.citadel.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for Vert.x futures from test and main threads, where blocking is fine. */
public final class VertxFutures {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private VertxFutures() {
    }

    public static <T> T await(Future<T> future) {
        return await(future, DEFAULT_TIMEOUT);
    }

    public static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout, e);
        }
    }
}
