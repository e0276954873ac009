package ai.citadel.gateway.service.calls;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.repository.ApiKey;
import ai.citadel.gateway.service.audit.AuditLog;
import ai.citadel.gateway.service.audit.CallOutcome;
import ai.citadel.gateway.service.audit.GatewayCall;
import ai.citadel.gateway.service.cache.ResponseCache;
import ai.citadel.gateway.service.embeddings.EmbeddingService.Embeddings;
import ai.citadel.gateway.service.generation.Generation;
import ai.citadel.gateway.service.generation.GenerationService;
import ai.citadel.gateway.service.generation.GenerationService.Answer;
import ai.citadel.gateway.service.generation.StreamResult;
import ai.citadel.gateway.service.generation.StreamingProfiles.NamedProfile;
import ai.citadel.gateway.service.generation.Usages;
import ai.citadel.gateway.service.metrics.GatewayMetrics;
import ai.citadel.gateway.service.security.RateLimiter;
import ai.citadel.model.openai.Usage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One call of the model API from its arrival to its outcome, under the completions and embeddings resources: the
 * work the resource started runs within the time limit of the call's streaming profile, the tokens of the answer are
 * charged to the caller's key (TPM), the resource writes the answer to the connection ({@link AnswerWriter},
 * {@link StreamWriter}, {@link EmbeddingsWriter}), and how the call ended (completed, error, timeout, cancelled) goes
 * to the metrics and the audit log, whatever happened. Work is started deferred by the resources, so that a request
 * the gateway rejects (unknown model …) is still counted and audited.
 */
@ApplicationScoped
public class GatewayCalls {

    /** Puts a whole answer on the connection; {@code payload} is its JSON body. */
    @FunctionalInterface
    public interface AnswerWriter {
        Uni<Void> write(Generation generation, String payload, Duration overhead);
    }

    /** Streams a generation to the client; completes, however the stream ended, with what the client received. */
    @FunctionalInterface
    public interface StreamWriter {
        Uni<StreamResult> stream(Generation generation, Duration overhead);
    }

    /** Puts the vectors of an embeddings call on the connection; {@code payload} is their JSON body. */
    @FunctionalInterface
    public interface EmbeddingsWriter {
        Uni<Void> write(Embeddings embeddings, String payload);
    }

    private record Answered(Generation generation, Answer answer) {
    }

    private final GenerationService generations;
    private final GatewayMetrics metrics;
    private final AuditLog audit;
    private final RateLimiter limiter;
    private final ObjectMapper json;

    GatewayCalls(GenerationService generations, GatewayMetrics metrics, AuditLog audit, RateLimiter limiter,
                 ObjectMapper json) {
        this.generations = generations;
        this.metrics = metrics;
        this.audit = audit;
        this.limiter = limiter;
        this.json = json;
    }

    /**
     * Waits for the whole answer and has it written as one JSON body ({@code body} builds it). The whole call, from
     * its arrival, gets the profile's time limit; past it the backend request is cancelled and the client gets a 504.
     */
    public Uni<Void> answer(GatewayCall call, NamedProfile profile, Uni<Generation> generation,
                            BiFunction<Generation, Answer, Object> body, AnswerWriter writer) {
        long dispatched = System.nanoTime();
        Duration timeLeft = Duration.ofNanos(Math.max(1_000_000,
                profile.profile().timeLimit().toNanos() - (dispatched - call.arrivalNanos())));
        return charged(call, generation).onItem().transformToUni(started -> generations.answer(started)
                        .map(result -> new Answered(started, result)))
                .ifNoItem().after(timeLeft).failWith(() -> timeLimitBeforeAnswer(profile))
                .onItem().transformToUni(answered -> {
                    Generation started = answered.generation();
                    Answer result = answered.answer();
                    long assembled = System.nanoTime();
                    String payload = serialize(body.apply(started, result));
                    Duration overhead = Duration.ofNanos(dispatched - call.arrivalNanos() + System.nanoTime()
                            - assembled);
                    metrics.overhead(call.endpoint(), overhead);
                    report(call, new CallOutcome("completed", 200, started.model(), started.backend(),
                            started.cacheStatus() == ResponseCache.Status.HIT, sinceArrival(call), null,
                            result.finished().promptTokens(), result.finished().completionTokens(), result.text(),
                            result.toolCalls(), null));
                    return writer.write(started, payload, overhead);
                })
                .onFailure().invoke(failure -> failed(call, failure))
                .onCancellation().invoke(() -> cancelledBeforeAnswer(call))
                .replaceWithVoid();
    }

    /**
     * Has the generation streamed under the call's profile; failures before the first token (the profile's time
     * limit among them) reach the client as JSON errors.
     */
    public Uni<Void> stream(GatewayCall call, NamedProfile profile, Uni<Generation> generation, StreamWriter writer) {
        long dispatched = System.nanoTime();
        return charged(call, generation)
                .ifNoItem().after(profile.profile().timeLimit()).failWith(() -> timeLimitBeforeFirstToken(profile))
                .onItem().transformToUni(started -> {
                    Duration overhead = Duration.ofNanos(dispatched - call.arrivalNanos());
                    metrics.overhead(call.endpoint(), overhead);
                    return writer.stream(started, overhead).invoke(result -> streamed(call, started, result));
                })
                .onFailure().invoke(failure -> failed(call, failure))
                .onCancellation().invoke(() -> cancelledBeforeAnswer(call))
                .replaceWithVoid();
    }

    /**
     * Has the vectors of an embeddings call written ({@code body} builds the JSON), and charges the tokens
     * embedding-service computed to the caller's key.
     */
    public Uni<Void> embeddings(GatewayCall call, Uni<Embeddings> embeddings, Function<Embeddings, Object> body,
                                EmbeddingsWriter writer) {
        // up to 2048 vectors of 1024 floats: tens of MB of JSON, built off the event loop
        return embeddings.onItem().transformToUni(result -> OffEventLoop.run(() -> serialize(body.apply(result)))
                        .onItem().transformToUni(payload -> {
                            limiter.charge(call.apiKey(), result.computedTokens());
                            report(call, new CallOutcome("completed", 200, result.model(), result.backend(),
                                    result.cacheStatus() == ResponseCache.Status.HIT, sinceArrival(call), null,
                                    result.promptTokens(), null, "", List.of(), null));
                            return writer.write(result, payload);
                        }))
                .onFailure().invoke(failure -> failed(call, failure))
                .onCancellation().invoke(() -> cancelledBeforeAnswer(call))
                .replaceWithVoid();
    }

    /**
     * The tokens of the answer count against the caller's key (TPM) once the backend reports them. A cached answer
     * costs no backend tokens and is not charged.
     */
    private Uni<Generation> charged(GatewayCall call, Uni<Generation> generation) {
        ApiKey key = call.apiKey();
        return generation.map(started -> key == null || started.cacheStatus() == ResponseCache.Status.HIT ? started
                : started.withEvents(started.events().invoke(event -> {
                    if (event instanceof Finished finished) {
                        Usage usage = Usages.of(finished);
                        limiter.charge(key, (long) usage.promptTokens() + usage.completionTokens());
                    }
                })));
    }

    private void streamed(GatewayCall call, Generation generation, StreamResult result) {
        report(call, new CallOutcome(result.outcome().name().toLowerCase(Locale.ROOT), 200, generation.model(),
                generation.servedByNames(), generation.cacheStatus() == ResponseCache.Status.HIT, sinceArrival(call),
                result.firstTokenAfter(),
                result.finished() == null ? null : result.finished().promptTokens(),
                result.finished() == null ? null : result.finished().completionTokens(),
                result.deliveredText(), result.toolCalls(), result.error()));
        if (result.firstTokenAfter() != null) {
            metrics.firstToken(call.endpoint(), generation.model(), result.firstTokenAfter());
        }
    }

    private void failed(GatewayCall call, Throwable failure) {
        ApiException api = failure instanceof ApiException e ? e : null;
        int status = api != null ? api.status() : 500;
        report(call, new CallOutcome(status == 504 ? "timeout" : "error", status, call.requestedModel(),
                call.tried().last(), false, sinceArrival(call), null, null, null, "", List.of(),
                failure.getMessage()));
    }

    private void cancelledBeforeAnswer(GatewayCall call) {
        report(call, new CallOutcome("cancelled", 499, call.requestedModel(), call.tried().last(), false,
                sinceArrival(call), null, null, null, "", List.of(), "client closed the connection before the answer"));
    }

    private void report(GatewayCall call, CallOutcome outcome) {
        metrics.requestFinished(call.endpoint(), outcome.model(), outcome.backend() == null ? "none"
                : outcome.backend(), outcome.status(), outcome.httpStatus(), outcome.latency());
        audit.record(call, outcome);
    }

    private static Duration sinceArrival(GatewayCall call) {
        return Duration.ofNanos(System.nanoTime() - call.arrivalNanos());
    }

    private static ApiException timeLimitBeforeAnswer(NamedProfile profile) {
        return new ApiException(504, "request_time_limit", "No backend completed the answer within the "
                + profile.name() + " profile's time limit of " + profile.profile().timeLimit().toSeconds() + " s",
                null);
    }

    private static ApiException timeLimitBeforeFirstToken(NamedProfile profile) {
        return new ApiException(504, "stream_time_limit", "No backend produced a token within the "
                + profile.name() + " profile's time limit of " + profile.profile().timeLimit().toSeconds() + " s",
                null);
    }

    private String serialize(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize response", e);
        }
    }
}
