package ai.citadel.gateway.service.routing;

import ai.citadel.commons.faulttolerance.CircuitBreakerSettings;
import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.client.BackendHttpException;
import ai.citadel.gateway.client.BackendStreamException;
import ai.citadel.gateway.client.Backends;
import ai.citadel.gateway.client.LlmBackend;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.Token;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Picks the backend for a request and fails over (docs/gateway.md#routing-failover-and-health): the model's backends
 * are ordered by its routing strategy, healthy ones first ({@link BackendOrder}), and tried in that order, each
 * behind its own circuit breaker; a connection error, 5xx, 429 or timeout before the first token moves on to the
 * next. A request whose answer is delivered whole is also tried again on the next backend when its backend breaks
 * off mid-answer, since the client has seen nothing yet; a stream whose profile allows it is continued on the next
 * backend from where it broke, the client seeing one uninterrupted stream. {@code citadel.routing.retry-time-limit}
 * bounds all of it.
 * <p>
 * Each backend also takes only so many requests at once ({@link InFlightLimit}). A saturated backend is skipped
 * while another can be tried, and waited for briefly when it is the last; the limit sits outside the circuit
 * breaker, so a refusal never counts for or against the backend's health.
 */
@ApplicationScoped
public class BackendRouter {

    /**
     * The backend that answered, and its whole stream (first event included).
     *
     * @param servedBy every backend that served part of the answer, in order: {@code backend}, then any that
     *                 continued the stream after a break (filled in as that happens)
     */
    public record Routed(String backend, Multi<GenerationEvent> events, List<String> servedBy) {

        Routed(String backend, Multi<GenerationEvent> events) {
            this(backend, events, List.of(backend));
        }
    }

    /** Asks a backend for the rest of an answer another backend broke off. */
    @FunctionalInterface
    public interface Continuation {
        /**
         * @param partialAnswer the text the client received so far
         * @param tokensSent    the tokens it came in
         */
        Multi<GenerationEvent> resume(LlmBackend backend, String partialAnswer, int tokensSent);
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
                    // a breaker alone never blocks: the call starts right here on the request's event loop,
                    // instead of as one more task queued to it
                    .withThreadOffload(false)
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
     * @param generation   starts the generation on one backend
     * @param wholeAnswer  whether the client gets the answer whole (not streamed): it is then read to its end here,
     *                     and tried on the next backend when it breaks off
     * @param lastBackend  the backend of the conversation's last turn, if known ({@link ConversationAffinity})
     * @param continuation for a stream, how another backend continues it when its backend breaks after the first
     *                     token; without, such a stream fails
     * @param tried        told each backend as it is tried
     * @return the backend that answered and its events; fails with an {@link ApiException} when none could
     */
    public Uni<Routed> route(CatalogModel model, Function<LlmBackend, Multi<GenerationEvent>> generation,
                             boolean wholeAnswer, Optional<String> lastBackend, Optional<Continuation> continuation,
                             TriedBackends tried) {
        List<String> order = BackendOrder.of(model.strategy(), model.backends().stream()
                .map(name -> new BackendOrder.Candidate(name, status.looksHealthy(name), weights.get(name),
                        limits.get(name).inFlight(), status.trafficShare(name)))
                .toList(), ThreadLocalRandom.current());
        lastBackend.ifPresent(pinned -> keepConversation(order, pinned));
        Attempts attempts = new Attempts(model, order, tried);
        if (wholeAnswer) {
            return attempts.wholeAnswer(generation);
        }
        return continuation.map(resume -> attempts.continuedStream(generation, resume))
                .orElseGet(() -> attempts.firstAnswering(generation));
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
        private final Deque<String> remaining;
        private final List<Failure> failures = new ArrayList<>();
        private final long deadline = System.nanoTime() + retryTimeLimit.toNanos();
        private final TriedBackends tried;

        Attempts(CatalogModel model, List<String> order, TriedBackends tried) {
            this.model = model;
            this.remaining = new ArrayDeque<>(order);
            this.tried = tried;
        }

        /** The next backends in turn until one produced its first event. */
        Uni<Routed> firstAnswering(Function<LlmBackend, Multi<GenerationEvent>> generation) {
            String name = remaining.poll();
            if (name == null) {
                return Uni.createFrom().failure(noBackendCouldServe(model, failures));
            }
            tried.trying(name);
            // another backend may be free now; only the last one is worth waiting for
            Duration wait = remaining.isEmpty() ? queueTimeout : Duration.ZERO;
            return send(name, wait, generation)
                    .onFailure(BackendRouter::canFailOver).recoverWithUni(failure -> {
                        if (failure instanceof InFlightLimit.Saturated) {
                            metrics.counter("citadel_gateway_backend_saturated_total", "backend", name).increment();
                        }
                        failed(name, failure, Phase.BEFORE_FIRST_TOKEN);
                        return firstAnswering(generation);
                    })
                    .onFailure(BackendHttpException.class)
                    .transform(rejected -> asClientError((BackendHttpException) rejected));
        }

        /** As {@link #firstAnswering}, and the answer read to its end; one that breaks off goes to the next. */
        Uni<Routed> wholeAnswer(Function<LlmBackend, Multi<GenerationEvent>> generation) {
            return firstAnswering(generation).onItem().transformToUni(routed -> routed.events().collect().asList()
                    .map(events -> new Routed(routed.backend(), Multi.createFrom().iterable(events)))
                    .onFailure(BackendRouter::canFailOver).recoverWithUni(failure -> {
                        failed(routed.backend(), failure, Phase.MID_ANSWER);
                        return wholeAnswer(generation);
                    }));
        }

        /** As {@link #firstAnswering}, and a stream that breaks after its first token continued on the next. */
        Uni<Routed> continuedStream(Function<LlmBackend, Multi<GenerationEvent>> generation,
                                    Continuation continuation) {
            return firstAnswering(generation).map(routed -> {
                Progress progress = new Progress(routed.backend());
                return new Routed(routed.backend(),
                        continuing(routed.backend(), routed.events(), progress, continuation), progress.servedBy);
            });
        }

        /**
         * The stream, and when it breaks where it can be continued (text so far, no tool call, not finished), the
         * rest of it from the next backend that answers, its token count added to what came before. When none can,
         * the stream fails as the first break did.
         */
        private Multi<GenerationEvent> continuing(String backend, Multi<GenerationEvent> events, Progress progress,
                                                  Continuation continuation) {
            return events.invoke(progress::saw)
                    .onFailure(failure -> canFailOver(failure) && progress.resumable())
                    .recoverWithMulti(failure -> {
                        failed(backend, failure, Phase.MID_STREAM);
                        String partialAnswer = progress.text.toString();
                        int tokensSent = progress.tokens;
                        return firstAnswering(next -> continuation.resume(next, partialAnswer, tokensSent))
                                .onFailure().transform(ignored -> failure)
                                .onItem().transformToMulti(next -> {
                                    progress.servedBy.add(next.backend());
                                    return continuing(next.backend(), next.events()
                                            .map(event -> withEarlierTokens(event, tokensSent)), progress,
                                            continuation);
                                });
                    });
        }

        private Uni<Routed> send(String name, Duration wait,
                                 Function<LlmBackend, Multi<GenerationEvent>> generation) {
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

    /** What a stream has delivered so far, across the backends that served it; read in its event order only. */
    private static final class Progress {

        private final StringBuilder text = new StringBuilder();
        private final List<String> servedBy = new CopyOnWriteArrayList<>();
        private int tokens;
        private boolean toolCalled;
        private boolean finished;

        Progress(String firstBackend) {
            servedBy.add(firstBackend);
        }

        void saw(GenerationEvent event) {
            switch (event) {
                case Token token -> {
                    text.append(token.text());
                    tokens++;
                }
                case ToolCallFragment ignored -> toolCalled = true;
                case Finished ignored -> finished = true;
            }
        }

        /** A tool call cannot be resumed half-way, and a finished answer needs nothing more. */
        boolean resumable() {
            return !toolCalled && !finished;
        }
    }

    /** The usage of a continuation counts the completion tokens that reached the client before it, too. */
    private static GenerationEvent withEarlierTokens(GenerationEvent event, int earlierTokens) {
        return event instanceof Finished end && end.completionTokens() != null
                ? new Finished(end.finishReason(), end.promptTokens(), end.completionTokens() + earlierTokens)
                : event;
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
        String reasons = failures.stream().map(f -> f.backend() + ": " + describe(f))
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
        return new ApiException(503, "backend_unavailable", "No backend could serve model " + model.name()
                + ": " + reasons, null);
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
