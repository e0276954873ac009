package ai.citadel.gateway.service.routing;

import ai.citadel.commons.faulttolerance.CircuitBreakerSettings;
import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.client.BackendHttpException;
import ai.citadel.gateway.client.BackendStreamException;
import ai.citadel.gateway.client.Backends;
import ai.citadel.gateway.client.LlmBackend;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.service.routing.FirstItem.Split;
import ai.citadel.gateway.service.routing.ModelCatalog.CatalogModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import java.io.IOException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Picks the backend for a request and fails over (docs/gateway.md#routing-failover-and-health): backends hosting the
 * model are tried healthy ones first, each behind its own circuit breaker; a connection error, 5xx, 429 or timeout
 * before the first token moves on to the next; once a token has arrived the request stays where it is.
 * <p>
 * Each backend also takes only so many requests at once ({@link InFlightLimit}). A saturated backend is skipped
 * while another can be tried, and waited for briefly when it is the last; the limit sits outside the circuit
 * breaker, so a refusal never counts for or against the backend's health.
 */
@ApplicationScoped
public class BackendRouter {

    /** The backend that answered, and its whole stream (first event included). */
    public record Routed(String backend, Multi<GenerationEvent> events) {
    }

    private record Failure(String backend, Throwable cause) {
    }

    private final Backends backends;
    private final BackendStatus status;
    private final Duration firstTokenTimeout;
    private final Duration queueTimeout;
    private final Duration saturatedRetryAfter;
    private final MeterRegistry metrics;
    private final Map<String, TypedGuard<Uni<Split<GenerationEvent>>>> guards = new HashMap<>();
    private final Map<String, InFlightLimit> limits = new HashMap<>();

    public BackendRouter(Backends backends, BackendStatus status, GatewayConfig config, MeterRegistry metrics) {
        this.backends = backends;
        this.status = status;
        this.metrics = metrics;
        this.firstTokenTimeout = config.routing().firstTokenTimeout();
        this.queueTimeout = config.routing().queueTimeout();
        this.saturatedRetryAfter = config.routing().saturatedRetryAfter();
        CircuitBreakerSettings breaker = config.routing().circuitBreaker();
        for (String name : backends.names()) {
            InFlightLimit limit = new InFlightLimit(config.backends().get(name).maxInFlight());
            limits.put(name, limit);
            Gauge.builder("citadel_gateway_backend_in_flight", limit::inFlight)
                    .description("Requests in flight to a backend, streams until they end")
                    .tag("backend", name)
                    .register(metrics);
            guards.put(name, TypedGuard.create(new TypeLiteral<Uni<Split<GenerationEvent>>>() {
                    })
                    .withCircuitBreaker()
                    .name("backend-" + name)
                    .requestVolumeThreshold(breaker.requestVolumeThreshold())
                    .failureRatio(breaker.failureRatio())
                    .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(breaker.successThreshold())
                    .when(BackendRouter::isBackendFault)
                    .onStateChange(state -> status.circuitChanged(name, state))
                    .done()
                    .build());
        }
    }

    /**
     * @param generation starts the generation on one backend
     * @return the first backend that produced an event; fails with an {@link ApiException} when none could
     */
    public Uni<Routed> route(CatalogModel model, Function<LlmBackend, Multi<GenerationEvent>> generation) {
        List<String> candidates = model.backends().stream()
                .sorted(Comparator.comparing((String name) -> !status.looksHealthy(name)))
                .toList();
        return attempt(model, candidates, 0, generation, new ArrayList<>());
    }

    private Uni<Routed> attempt(CatalogModel model, List<String> candidates, int index,
                                Function<LlmBackend, Multi<GenerationEvent>> generation, List<Failure> failures) {
        if (index == candidates.size()) {
            return Uni.createFrom().failure(noBackendCouldServe(model, failures));
        }
        String name = candidates.get(index);
        LlmBackend backend = backends.get(name);
        // another backend may be free now; only the last one is worth waiting for
        Duration wait = index + 1 < candidates.size() ? Duration.ZERO : queueTimeout;
        return limits.get(name).run(wait, slot -> {
                    BackendCall call = new BackendCall(slot);
                    return guards.get(name)
                            .get(() -> FirstItem.split(call.stream(generation.apply(backend)))
                                    .ifNoItem().after(firstTokenTimeout)
                                    .failWith(() -> new TimeoutException("no first token within " + firstTokenTimeout))
                                    .map(call::firstTokenCame))
                            .map(call::delivered)
                            .onCancellation().invoke(call::callerLeft);
                })
                .map(split -> new Routed(name, Multi.createBy().concatenating()
                        .streams(Multi.createFrom().item(split.first()), split.rest())))
                .onFailure(BackendRouter::canFailOver).recoverWithUni(failure -> {
                    if (failure instanceof InFlightLimit.Saturated) {
                        metrics.counter("citadel_gateway_backend_saturated_total", "backend", name).increment();
                    }
                    failures.add(new Failure(name, failure));
                    if (index + 1 < candidates.size()) {
                        metrics.counter("citadel_gateway_failovers_total", "from_backend", name).increment();
                    }
                    return attempt(model, candidates, index + 1, generation, failures);
                })
                .onFailure(BackendHttpException.class).transform(BackendRouter::asClientError);
    }

    /**
     * One request to one backend, holding its slot as long as the backend works on it. The circuit breaker does not
     * pass a caller's cancellation on, so a caller who leaves before the first token leaves the request running
     * until that token (or the first-token timeout, which then counts against the backend as it should); the
     * first token, undelivered, then cancels the stream instead of leaving its connection idle.
     */
    private static final class BackendCall {

        private final InFlightLimit.Slot slot;
        private boolean subscribed;
        private boolean callerGone;
        private Split<GenerationEvent> undelivered;

        BackendCall(InFlightLimit.Slot slot) {
            this.slot = slot;
        }

        /** The backend's stream, which gives the slot back when it ends, however it ends. */
        Multi<GenerationEvent> stream(Multi<GenerationEvent> events) {
            return events.onSubscription().invoke(this::subscribed).onTermination().invoke(slot::release);
        }

        private synchronized void subscribed() {
            subscribed = true;
        }

        Split<GenerationEvent> firstTokenCame(Split<GenerationEvent> split) {
            synchronized (this) {
                if (!callerGone) {
                    undelivered = split;
                    return split;
                }
            }
            split.discard();
            return split;
        }

        synchronized Split<GenerationEvent> delivered(Split<GenerationEvent> split) {
            undelivered = null;
            return split;
        }

        void callerLeft() {
            Split<GenerationEvent> dropped;
            boolean neverSent;
            synchronized (this) {
                callerGone = true;
                dropped = undelivered;
                undelivered = null;
                neverSent = !subscribed;
            }
            if (dropped != null) {
                dropped.discard();
            }
            if (neverSent) {
                slot.release();
            }
        }
    }

    /** Whether the failure says the backend is unwell (counts against its circuit), not the request. */
    static boolean isBackendFault(Throwable failure) {
        return switch (failure) {
            case BackendHttpException http -> http.isServerError();
            case ApiException ignored -> false;
            default -> true;
        };
    }

    /** Another backend may succeed where this one failed: everything but a request the backend rejected. */
    private static boolean canFailOver(Throwable failure) {
        return switch (failure) {
            case BackendHttpException http -> http.isServerError() || http.status() == 429 || http.status() == 404;
            case ApiException ignored -> false;
            default -> true;
        };
    }

    /** A backend rejected the request itself (400, 422 …): the client sees why. */
    private static Throwable asClientError(BackendHttpException rejected) {
        return new ApiException(rejected.status() == 401 || rejected.status() == 403 ? 502 : 400,
                "backend_rejected_request", rejected.getMessage(), null);
    }

    private ApiException noBackendCouldServe(CatalogModel model, List<Failure> failures) {
        String reasons = failures.stream().map(f -> f.backend() + ": " + describe(f.cause()))
                .collect(Collectors.joining("; "));
        Optional<Duration> retryAfter = failures.stream()
                .map(Failure::cause)
                .filter(c -> c instanceof BackendHttpException http && http.status() == 429)
                .map(c -> ((BackendHttpException) c).retryAfter().orElse(Duration.ofSeconds(1)))
                .min(Comparator.naturalOrder());
        if (retryAfter.isPresent()) {
            return new ApiException(429, "rate_limit_exceeded", "Every backend of model " + model.name()
                    + " is busy (" + reasons + ")", null,
                    Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.get().toSeconds()))));
        }
        if (failures.stream().anyMatch(f -> f.cause() instanceof InFlightLimit.Saturated)) {
            return new ApiException(503, "backend_saturated", "The backends of model " + model.name()
                    + " are saturated (" + reasons + ")", null,
                    Map.of("Retry-After", Long.toString(Math.max(1, saturatedRetryAfter.toSeconds()))));
        }
        return new ApiException(503, "backend_unavailable", "No backend could serve model " + model.name() + ": "
                + reasons, null);
    }

    private static String describe(Throwable failure) {
        return switch (failure) {
            case CircuitBreakerOpenException ignored -> "circuit open after repeated failures";
            case InFlightLimit.Saturated saturated -> saturated.getMessage();
            case TimeoutException timeout -> timeout.getMessage();
            case BackendHttpException http -> http.getMessage();
            case BackendStreamException stream -> "stream broke before the first token: " + stream.getMessage();
            case NoSuchElementException ignored -> "stream ended without any output";
            case IOException io -> "connection failed: " + io.getMessage();
            default -> failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName();
        };
    }
}
