package ai.citadel.gateway.service.routing;

import ai.citadel.gateway.client.BackendHttpException;
import ai.citadel.gateway.client.BackendStreamException;
import ai.citadel.gateway.config.GatewayConfig.RoutingStrategy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Routing's meters, all built at start-up (their labels come from configuration and fixed lists, never from callers):
 * requests sent to each backend under each strategy, the retries on another backend by cause and by when the
 * first backend failed, and what conversation affinity did.
 */
@ApplicationScoped
public class RoutingMetrics {

    /** Why a request left a backend for another. */
    public enum RetryCause {
        /** Refused, closed, reset (also after the idle timeout). */
        CONNECTION, SERVER_ERROR, RATE_LIMITED, NOT_FOUND, TIMEOUT, STREAM_BROKEN, CIRCUIT_OPEN, SATURATED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static RetryCause of(Throwable failure) {
            return switch (failure) {
                case CircuitBreakerOpenException ignored -> CIRCUIT_OPEN;
                case InFlightLimit.Saturated ignored -> SATURATED;
                case TimeoutException ignored -> TIMEOUT;
                case BackendHttpException http when http.status() == 429 -> RATE_LIMITED;
                case BackendHttpException http when http.status() == 404 -> NOT_FOUND;
                case BackendHttpException ignored -> SERVER_ERROR;
                case BackendStreamException ignored -> STREAM_BROKEN;
                // refused, closed, reset, or closed for being idle too long: Vert.x reports them alike
                default -> CONNECTION;
            };
        }
    }

    /** When the backend failed: before its first token, in the middle of an answer nobody had seen yet, or after. */
    public enum Phase {
        BEFORE_FIRST_TOKEN, MID_ANSWER, MID_STREAM;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What conversation affinity did for a request. */
    public enum AffinityResult {
        /** The conversation went to the backend of its last turn. */
        HIT,
        /** No earlier turn known (or Redis unavailable): the strategy decided. */
        MISS,
        /** The last turn's backend was unhealthy, too busy or does not serve the model: the strategy decided. */
        MOVED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<String, Map<RoutingStrategy, Counter>> requests = new HashMap<>();
    private final Map<AffinityResult, Counter> affinity = new EnumMap<>(AffinityResult.class);
    private final Map<Phase, Map<RetryCause, Counter>> retries = new EnumMap<>(Phase.class);

    public RoutingMetrics(MeterRegistry registry, ModelCatalog catalog) {
        for (ModelCatalog.CatalogModel model : catalog.all()) {
            for (String backend : model.backends()) {
                requests.computeIfAbsent(backend, name -> new EnumMap<>(RoutingStrategy.class))
                        .computeIfAbsent(model.strategy(), strategy -> Counter
                                .builder("citadel_gateway_backend_requests_total")
                                .description("Requests sent to a backend (each attempt, retries included)")
                                .tag("backend", backend).tag("strategy", strategy.label())
                                .register(registry));
            }
        }
        for (Phase phase : Phase.values()) {
            Map<RetryCause, Counter> byCause = new EnumMap<>(RetryCause.class);
            for (RetryCause cause : RetryCause.values()) {
                byCause.put(cause, Counter.builder("citadel_gateway_retries_total")
                        .description("Requests tried again on another backend, by why the last one failed")
                        .tag("cause", cause.label()).tag("phase", phase.label())
                        .register(registry));
            }
            retries.put(phase, byCause);
        }
        for (AffinityResult result : AffinityResult.values()) {
            affinity.put(result, Counter.builder("citadel_gateway_affinity_total")
                    .description("Chat requests by what conversation affinity did for them")
                    .tag("result", result.label())
                    .register(registry));
        }
    }

    void affinity(AffinityResult result) {
        affinity.get(result).increment();
    }

    void sent(String backend, RoutingStrategy strategy) {
        requests.get(backend).get(strategy).increment();
    }

    void retried(Phase phase, Throwable failure) {
        retries.get(phase).get(RetryCause.of(failure)).increment();
    }
}
