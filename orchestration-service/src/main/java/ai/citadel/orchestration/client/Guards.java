package ai.citadel.orchestration.client;

import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What the circuit breakers in front of the services steps call ({@code CircuitBreakers.guard}) share: which failures
 * count, and calls that can be cancelled through them. A SmallRye {@link Guard} rather than a {@code TypedGuard}: one
 * breaker per service guards calls of several result types (embeddings, vector writes, searches). Deadlines are not the guard's: each call has its own Mutiny deadline, which cancels
 * (and so aborts) the HTTP request, and whose {@link TimeoutException} the breaker counts.
 */
final class Guards {

    private Guards() {
    }

    /**
     * Whether a failure says the service is unwell, and so counts against its circuit: timeouts, transport failures,
     * 5xx and broken streams do; a 4xx it answered (the request's fault) and a call the caller cancelled do not.
     */
    static boolean isDependencyFault(Throwable failure) {
        return switch (failure) {
            case DependencyHttpException http -> http.isServerError();
            case CancellationException ignored -> false;
            // timeouts, broken streams, transport failures (the REST client's ProcessingExceptions)
            default -> true;
        };
    }

    /** A deadline as people write it: {@code 1s}, {@code 300s}, {@code 250ms}. */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    /**
     * Runs {@code call} through {@code guard} so that cancelling the returned Uni cancels the call, which aborts its
     * HTTP request. The guard does not pass a cancellation on by itself; so the call races an abort signal, and
     * ends with a {@link CancellationException}, which the breaker ignores.
     */
    static <T> Uni<T> cancellable(Guard guard, TypeLiteral<Uni<T>> type, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<T> abort = new CompletableFuture<>();
            Uni<T> aborted = Uni.createFrom().completionStage(abort);
            return guard.get(() -> Uni.combine().any().<T>of(call.get(), aborted), type)
                    .onCancellation().invoke(() -> abort.completeExceptionally(
                            new CancellationException("the caller cancelled the call")));
        });
    }
}
