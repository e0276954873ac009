package ai.citadel.gateway.service.routing;

import ai.citadel.gateway.client.Backends;
import ai.citadel.gateway.config.GatewayConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway knows of each backend's health: the state of its circuit breaker and the outcome of the last
 * cheap probe. Routing tries backends that look healthy first; {@code /v1/models} and readiness report it.
 */
@ApplicationScoped
public class BackendStatus {

    /** Probe outcome of a backend; UNKNOWN until the first probe finished. */
    public enum Reachability { UNKNOWN, UP, DOWN }

    private final Backends backends;
    private final Duration circuitDelay;
    private final Duration recoveryRamp;
    /** When a backend came back (circuit closed again after a trial, or probe answered again); none when not ramping. */
    private final Map<String, Long> recoveredAtNanos = new ConcurrentHashMap<>();
    private final Map<String, CircuitBreakerState> circuits = new ConcurrentHashMap<>();
    private final Map<String, Instant> circuitOpenedAt = new ConcurrentHashMap<>();
    private final Map<String, Reachability> reachability = new ConcurrentHashMap<>();

    public BackendStatus(Backends backends, GatewayConfig config, MeterRegistry metrics) {
        this.backends = backends;
        this.circuitDelay = config.routing().circuitBreaker().delay();
        this.recoveryRamp = config.routing().recoveryRamp();
        for (String name : backends.names()) {
            circuits.put(name, CircuitBreakerState.CLOSED);
            reachability.put(name, Reachability.UNKNOWN);
            Gauge.builder("citadel_backend_circuit_state", () -> circuits.get(name).ordinal())
                    .description("Circuit breaker of a backend: 0 closed, 1 open, 2 half-open")
                    .tag("backend", name)
                    .register(metrics);
            Gauge.builder("citadel_backend_up", () -> reachability.get(name) == Reachability.UP ? 1 : 0)
                    .description("1 when the backend answered its last health probe")
                    .tag("backend", name)
                    .register(metrics);
        }
    }

    void circuitChanged(String backend, CircuitBreakerState state) {
        if (state == CircuitBreakerState.OPEN) {
            circuitOpenedAt.put(backend, Instant.now());
        }
        CircuitBreakerState previous = circuits.put(backend, state);
        if (previous != state) {
            Log.infof("Circuit of backend %s is now %s", backend, state);
        }
        if (previous == CircuitBreakerState.HALF_OPEN && state == CircuitBreakerState.CLOSED) {
            recovered(backend);
        }
    }

    private void recovered(String backend) {
        if (!recoveryRamp.isZero()) {
            recoveredAtNanos.put(backend, System.nanoTime());
        }
    }

    /**
     * The share of its normal traffic a backend gets now: 1, except during {@code citadel.routing.recovery-ramp}
     * after it came back, when it grows from 0 to 1, so a recovered backend is not flooded by every request at once.
     */
    public double trafficShare(String backend) {
        Long since = recoveredAtNanos.get(backend);
        if (since == null) {
            return 1;
        }
        double share = (System.nanoTime() - since) / (double) recoveryRamp.toNanos();
        if (share >= 1) {
            recoveredAtNanos.remove(backend, since);
            return 1;
        }
        return share;
    }

    public CircuitBreakerState circuit(String backend) {
        return circuits.get(backend);
    }

    public Reachability reachability(String backend) {
        return reachability.get(backend);
    }

    /**
     * Healthy enough to try first: not known to be unreachable, and its circuit is not open — or has been open
     * long enough that the breaker lets a trial call through, which is how a recovered backend gets traffic back.
     */
    public boolean looksHealthy(String backend) {
        return reachability(backend) != Reachability.DOWN && !inOpenDelay(backend);
    }

    private boolean inOpenDelay(String backend) {
        return circuit(backend) == CircuitBreakerState.OPEN
                && circuitOpenedAt.get(backend).plus(circuitDelay).isAfter(Instant.now());
    }

    @Scheduled(every = "${citadel.routing.probe-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probeAll() {
        return Uni.join().all(backends.names().stream().map(this::probe).toList()).andCollectFailures()
                .replaceWithVoid();
    }

    private Uni<Void> probe(String name) {
        return backends.get(name).probe()
                .onItem().invoke(() -> {
                    if (reachability.put(name, Reachability.UP) == Reachability.DOWN) {
                        recovered(name);
                    }
                })
                .onFailure().invoke(failure -> {
                    if (reachability.put(name, Reachability.DOWN) != Reachability.DOWN) {
                        Log.warnf("Backend %s does not answer its health probe: %s", name, failure.toString());
                    }
                })
                .onFailure().recoverWithNull();
    }
}
