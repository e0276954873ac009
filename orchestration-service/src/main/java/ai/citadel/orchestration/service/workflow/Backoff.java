package ai.citadel.orchestration.service.workflow;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Wait before a step's next attempt: {@code backoff × 2^(attempt−1)}, capped, with "equal jitter" (half fixed, half
 * random) so the steps that failed together do not all come back at the same moment.
 */
final class Backoff {

    private final Duration max;
    private final DoubleSupplier random;

    Backoff(Duration max, DoubleSupplier random) {
        this.max = max;
        this.random = random;
    }

    /** The wait after failed attempt number {@code attempt} (1 for the first) of a step whose backoff is {@code base}. */
    Duration after(int attempt, Duration base) {
        long exponential = base.toMillis() << Math.min(attempt - 1, 30);
        long capped = exponential < 0 ? max.toMillis() : Math.min(exponential, max.toMillis());
        return Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2)));
    }
}
