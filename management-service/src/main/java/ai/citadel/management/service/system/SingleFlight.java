package ai.citadel.management.service.system;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One run of a costly blocking reading at a time: callers that arrive while it runs wait for it and share its result,
 * so a burst of requests costs one run (one nvidia-smi, one walk of the data directories), not one each.
 */
final class SingleFlight<T> {

    private final Supplier<T> reading;
    private final AtomicReference<CompletableFuture<T>> running = new AtomicReference<>();

    SingleFlight(Supplier<T> reading) {
        this.reading = reading;
    }

    T get() {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> shared = running.compareAndExchange(null, mine);
        if (shared != null) {
            return shared.join();
        }
        try {
            mine.complete(reading.get());
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            running.set(null);
        }
        return mine.join();
    }
}
