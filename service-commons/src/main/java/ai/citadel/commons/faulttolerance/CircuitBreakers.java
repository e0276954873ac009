package ai.citadel.commons.faulttolerance;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;

import java.time.temporal.ChronoUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Circuit breakers built from {@link CircuitBreakerSettings} (docs/architecture.md#configuration): SmallRye guards
 * rather than annotations, so each dependency (a host, a gateway) has its own breaker and its settings come from
 * configuration.
 */
public final class CircuitBreakers {

    private CircuitBreakers() {
    }

    /**
     * A guard, for calls of any result type ({@code guard.get(supplier, typeLiteral)}).
     *
     * @param counts        whether a failure says the dependency is unwell (a 4xx it answered does not)
     * @param onStateChange told each time the breaker opens, half-opens or closes
     */
    public static Guard guard(String description, CircuitBreakerSettings settings, Predicate<Throwable> counts,
                              Consumer<CircuitBreakerState> onStateChange) {
        return Guard.create()
                .withDescription(description)
                .withCircuitBreaker()
                .requestVolumeThreshold(settings.requestVolumeThreshold())
                .failureRatio(settings.failureRatio())
                .delay(settings.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(settings.successThreshold())
                .when(counts)
                .onStateChange(onStateChange)
                .done()
                .build();
    }
}
