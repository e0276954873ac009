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
import ai.citadel.gateway.service.routing.RoutingMetrics.Phase;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Picks the backend for a request and fails over (docs/gateway.md#routing-failover-and-health): the model's backends
 * are ordered by its routing strategy, healthy ones first ({@link BackendOrder}), and tried in that order, each
 * behind its own circuit breaker; a connection error, 5xx, 429 or timeout before the first token moves on to the
 * next. A request whose answer is delivered whole is also tried again on the next backend when its backend breaks
 * off mid-answer, since the client has seen nothing yet. {@code citadel.routing.retry-time-limit} bounds all of it.
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

    private record Failure(String backend, Throwable cause, Phase phase) {
    }

    private final Backends backends;
    private final BackendStatus status;
    private final RoutingMetrics routingMetrics;
    private final Duration firstTokenTimeout;
    private final Duration queueTimeout;
    private final Duration saturatedRetryAfter;
    private final Duration retryTimeLimit;
    private final int affinityMaxInFlight;
    private final MeterRegistry metrics;
    private final Map<String, TypedGuard<Uni<Split<GenerationEvent>>>> guards = new HashMap<>();
    private final Map<String, InFlightLimit> limits = new HashMap<>();
    private final Map<String, Integer> weights = new HashMap<>();

    public BackendRouter(Backends backends, BackendStatus status, RoutingMetrics routingMetrics, GatewayConfig config,
                         MeterRegistry metrics) {
        this.backends = backends;
        this.status = status;
        this.routingMetrics = routingMetrics;
        this.metrics = metrics;
        this.firstTokenTimeout = config.routing().firstTokenTimeout();
        this.queueTimeout = config.routing().queueTimeout();
        this.saturatedRetryAfter = config.routing().saturatedRetryAfter();
        this.retryTimeLimit = config.routing().retryTimeLimit();
        this.affinityMaxInFlight = config.routing().affinity().maxInFlight();
        CircuitBreakerSettings breaker = config.routing().circuitBreaker();
        for (String name : backends.names()) {
            InFlightLimit limit = new InFlightLimit(config.backends().get(name).maxInFlight());
            limits.put(name, limit);
            weights.put(name, config.backends().get(name).weight());
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

    /** Requests the backend is working on now, streams until they end. */
    public int inFlight(String backend) {
        return limits.get(backend).inFlight();
    }

    /** The backend's configured weight. */
    public int weight(String backend) {
        return weights.get(backend);
    }

    /**
     * @param generation  starts the generation on one backend
     * @param wholeAnswer whether the client gets the answer whole (not streamed): it is then read to its end here,
     *                    and tried on the next backend when it breaks off
     * @param lastBackend the backend of the conversation's last turn, if known ({@link ConversationAffinity})
     * @return the backend that answered and its events; fails with an {@link ApiException} ({@link BackendFailure}
     * when a backend was tried) when none could
     */
    public Uni<Routed> route(CatalogModel model, Function<LlmBackend, Multi<GenerationEvent>> generation,
                             boolean wholeAnswer, Optional<String> lastBackend) {
        List<String> order = BackendOrder.of(model.strategy(), model.backends().stream()
                .map(name -> new BackendOrder.Candidate(name, status.looksHealthy(name), weights.get(name),
                        limits.get(name).inFlight(), status.trafficShare(name)))
                .toList(), ThreadLocalRandom.current());
        lastBackend.ifPresent(pinned -> keepConversation(order, pinned));
        Attempts attempts = new Attempts(model, generation, order);
        return wholeAnswer ? attempts.wholeAnswer() : attempts.firstAnswering();
    }

    /**
     * Conversation affinity: the backend of the conversation's last turn goes first while it serves the model, looks
     * healthy and is under {@code citadel.routing.affinity.max-in-flight}, so its prompt cache is reused.
     */
    private void keepConversation(List<String> order, String pinned) {
        if (order.contains(pinned) && status.looksHealthy(pinned)
                && limits.get(pinned).inFlight() < affinityMaxInFlight) {
            order.remove(pinned);
            order.addFirst(pinned);
            routingMetrics.affinity(RoutingMetrics.AffinityResult.HIT);
        } else {
            routingMetrics.affinity(RoutingMetrics.AffinityResult.MOVED);
        }
    }

    /** The backends one request may still try, and how the ones it tried failed. */
    private final class Attempts {

        private final CatalogModel model;
        private final Function<LlmBackend, Multi<GenerationEvent>> generation;
        private final Deque<String> remaining;
        private final List<Failure> failures = new ArrayList<>();
        private final long deadline = System.nanoTime() + retryTimeLimit.toNanos();

        Attempts(CatalogModel model, Function<LlmBackend, Multi<GenerationEvent>> generation, List<String> order) {
            this.model = model;
            this.generation = generation;
            this.remaining = new ArrayDeque<>(order);
        }

        /** The next backends in turn until one produced its first event. */
        Uni<Routed> firstAnswering() {
            String name = remaining.poll();
            if (name == null) {
                return Uni.createFrom().failure(noBackendCouldServe(model, failures));
            }
            // another backend may be free now; only the last one is worth waiting for
            Duration wait = remaining.isEmpty() ? queueTimeout : Duration.ZERO;
            return send(name, wait)
                    .onFailure(BackendRouter::canFailOver).recoverWithUni(failure -> {
                        if (failure instanceof InFlightLimit.Saturated) {
                            metrics.counter("citadel_gateway_backend_saturated_total", "backend", name).increment();
                        }
                        failed(name, failure, Phase.BEFORE_FIRST_TOKEN);
                        return firstAnswering();
                    })
                    .onFailure(BackendHttpException.class)
                    .transform(rejected -> asClientError(name, (BackendHttpException) rejected));
        }

        /** As {@link #firstAnswering()}, and the answer read to its end; one that breaks off goes to the next. */
        Uni<Routed> wholeAnswer() {
            return firstAnswering().onItem().transformToUni(routed -> routed.events().collect().asList()
                    .map(events -> new Routed(routed.backend(), Multi.createFrom().iterable(events)))
                    .onFailure(BackendRouter::canFailOver).recoverWithUni(failure -> {
                        failed(routed.backend(), failure, Phase.MID_ANSWER);
                        return wholeAnswer();
                    }));
        }

        private Uni<Routed> send(String name, Duration wait) {
            LlmBackend backend = backends.get(name);
            return limits.get(name).run(wait, slot -> {
                        BackendCall call = new BackendCall(slot);
                        return guards.get(name)
                                .get(() -> {
                                    routingMetrics.sent(name, model.strategy());
                                    return FirstItem.split(call.stream(generation.apply(backend)))
                                            .ifNoItem().after(firstTokenTimeout)
                                            .failWith(() -> new TimeoutException("no first token within "
                                                    + firstTokenTimeout))
                                            .map(call::firstTokenCame);
                                })
                                .map(call::delivered)
                                .onCancellation().invoke(call::callerLeft);
                    })
                    .map(split -> new Routed(name, Multi.createBy().concatenating()
                            .streams(Multi.createFrom().item(split.first()), split.rest())));
        }

        /** Records the failure; once the retry time limit is over, no other backend is tried. */
        private void failed(String name, Throwable failure, Phase phase) {
            failures.add(new Failure(name, failure, phase));
            if (System.nanoTime() - deadline > 0) {
                remaining.clear();
            }
            if (!remaining.isEmpty()) {
                metrics.counter("citadel_gateway_failovers_total", "from_backend", name).increment();
                routingMetrics.retried(phase, failure);
            }
        }
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
    private static Throwable asClientError(String backend, BackendHttpException rejected) {
        return new BackendFailure(backend, rejected.status() == 401 || rejected.status() == 403 ? 502 : 400,
                "backend_rejected_request", rejected.getMessage(), Map.of());
    }

    private ApiException noBackendCouldServe(CatalogModel model, List<Failure> failures) {
        if (failures.isEmpty()) {
            return new ApiException(503, "backend_unavailable", "Model " + model.name() + " has no backend", null);
        }
        String last = failures.getLast().backend();
        String reasons = failures.stream().map(f -> f.backend() + ": " + describe(f))
                .collect(Collectors.joining("; "));
        Optional<Duration> retryAfter = failures.stream()
                .map(Failure::cause)
                .filter(c -> c instanceof BackendHttpException http && http.status() == 429)
                .map(c -> ((BackendHttpException) c).retryAfter().orElse(Duration.ofSeconds(1)))
                .min(Comparator.naturalOrder());
        if (retryAfter.isPresent()) {
            return new BackendFailure(last, 429, "rate_limit_exceeded", "Every backend of model " + model.name()
                    + " is busy (" + reasons + ")",
                    Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.get().toSeconds()))));
        }
        if (failures.stream().anyMatch(f -> f.cause() instanceof InFlightLimit.Saturated)) {
            return new BackendFailure(last, 503, "backend_saturated", "The backends of model " + model.name()
                    + " are saturated (" + reasons + ")",
                    Map.of("Retry-After", Long.toString(Math.max(1, saturatedRetryAfter.toSeconds()))));
        }
        return new BackendFailure(last, 503, "backend_unavailable", "No backend could serve model " + model.name()
                + ": " + reasons, Map.of());
    }

    private static String describe(Failure failed) {
        if (failed.phase() == Phase.MID_ANSWER) {
            return "the answer broke off: " + describe(failed.cause());
        }
        return describe(failed.cause());
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
