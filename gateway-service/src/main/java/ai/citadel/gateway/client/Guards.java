package ai.citadel.gateway.client;

import ai.citadel.gateway.config.GatewayConfig;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.util.TypeLiteral;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The guard of a call to a service on the request path: a timeout, and a circuit breaker that counts it. */
final class Guards {

    private Guards() {
    }

    /**
     * @param description the {@code method} tag of the {@code ft_*} metrics: {@code <class>.<method>} of the guarded
     *                    method, as fault-tolerance annotations name it
     * @param notFailures outcomes that prove the service reachable and do not count against the circuit
     */
    static <T> TypedGuard<T> timeoutAndBreaker(TypeLiteral<T> type, String description, Duration timeout,
                                               GatewayConfig.DependencyCircuitBreaker breaker,
                                               List<Class<? extends Throwable>> notFailures) {
        return TypedGuard.create(type)
                .withDescription(description)
                .withTimeout().duration(timeout.toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker()
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .skipOn(notFailures)
                .done()
                .build();
    }
}
