package ai.citadel.gateway.rest;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.rest.RequestIds;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.service.audit.AuditLog;
import ai.citadel.gateway.service.audit.CallOutcome;
import ai.citadel.gateway.service.audit.GatewayCall;
import ai.citadel.gateway.service.cache.ResponseCache;
import ai.citadel.gateway.service.embeddings.EmbeddingService.Embeddings;
import ai.citadel.gateway.service.generation.Generation;
import ai.citadel.gateway.service.generation.GenerationService.Answer;
import ai.citadel.gateway.service.generation.StreamingProfiles.NamedProfile;
import ai.citadel.gateway.service.metrics.GatewayMetrics;
import ai.citadel.gateway.service.security.RateLimiter;
import ai.citadel.model.openai.ChatMessage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Sends a generation to the client, as one JSON body or as an event stream, with the gateway's headers
 * ({@code X-Citadel-Backend}, {@code X-Citadel-Overhead-Ms}, {@code X-Conversation-Id}), and reports how each call
 * ended to the metrics and the audit log; embeddings calls too.
 */
@ApplicationScoped
class GenerationResponses {

    static final String BACKEND_HEADER = "X-Citadel-Backend";
    static final String OVERHEAD_HEADER = "X-Citadel-Overhead-Ms";
    static final String CONVERSATION_HEADER = "X-Conversation-Id";

    private record Answered(Generation generation, Answer answer) {
    }

    private final GatewayMetrics metrics;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Duration keepAliveInterval;
    private final RateLimiter limiter;

    GenerationResponses(GatewayMetrics metrics, AuditLog audit, ObjectMapper json, Vertx vertx,
                        GatewayConfig config, RateLimiter limiter) {
        this.metrics = metrics;
        this.audit = audit;
        this.limiter = limiter;
        this.json = json;
        this.vertx = vertx;
        this.keepAliveInterval = config.streaming().keepAliveInterval();
    }

    /**
     * A chat call: it belongs to the conversation named by {@code X-Conversation-Id}, or starts one.
     *
     * @param profile the streaming profile, or null for a non-streaming call
     */
    GatewayCall chatCall(String endpoint, NamedProfile profile, String model, List<ChatMessage> messages,
                         RoutingContext context) {
        String continued = context.request().getHeader(CONVERSATION_HEADER);
        UUID conversation = continued == null ? UUID.randomUUID() : parseConversationId(continued);
        context.response().putHeader(CONVERSATION_HEADER, conversation.toString());
        return call(endpoint, profile, model, messages, conversation, continued != null, context);
    }

    /** A legacy completion: no conversation. */
    GatewayCall completionCall(String endpoint, NamedProfile profile, String model, RoutingContext context) {
        return call(endpoint, profile, model, List.of(), null, false, context);
    }

    /** Streams the generation under the call's profile; failures before the first token become JSON errors. */
    Uni<Void> stream(GatewayCall call, NamedProfile profile, RoutingContext context, Uni<Generation> generation) {
        long arrival = RequestIds.arrivalNanos(context);
        long dispatched = System.nanoTime();
        return charged(context, generation)
                .ifNoItem().after(profile.profile().timeLimit()).failWith(() -> timeLimitBeforeFirstToken(profile))
                .onItem().transformToUni(started -> {
                    HttpServerResponse response = context.response();
                    Duration overhead = Duration.ofNanos(dispatched - arrival);
                    generationHeaders(response, started);
                    response.putHeader(OVERHEAD_HEADER, millis(overhead));
                    metrics.overhead(call.endpoint(), overhead);
                    return new SseStreamer(response, started.format(), profile.profile(), vertx, json, arrival)
                            .stream(started.events(), keepAliveInterval)
                            .invoke(result -> finished(call, started, result, arrival));
                })
                .onFailure().invoke(failure -> failed(call, failure, arrival))
                .onCancellation().invoke(() -> cancelledBeforeAnswer(call, arrival))
                .replaceWithVoid();
    }

    /**
     * Waits for the whole answer and sends it as one JSON body. The whole call, from its arrival, gets the
     * profile's time limit; past it the backend request is cancelled and the client gets a 504.
     */
    Uni<Void> respond(GatewayCall call, NamedProfile profile, RoutingContext context, Uni<Generation> generation,
                      Function<Generation, Uni<Answer>> answer, BiFunction<Generation, Answer, Object> body) {
        long arrival = RequestIds.arrivalNanos(context);
        long dispatched = System.nanoTime();
        Duration timeLeft = Duration.ofNanos(Math.max(1_000_000,
                profile.profile().timeLimit().toNanos() - (dispatched - arrival)));
        return charged(context, generation).onItem().transformToUni(started -> answer.apply(started)
                        .map(result -> new Answered(started, result)))
                .ifNoItem().after(timeLeft).failWith(() -> timeLimitBeforeAnswer(profile))
                .onItem().transformToUni(answered -> {
                    Generation started = answered.generation();
                    Answer result = answered.answer();
                    long assembled = System.nanoTime();
                    String payload = serialize(body.apply(started, result));
                    Duration overhead = Duration.ofNanos(dispatched - arrival + System.nanoTime() - assembled);
                    generationHeaders(context.response().setStatusCode(200), started)
                            .putHeader("Content-Type", "application/json")
                            .putHeader(OVERHEAD_HEADER, millis(overhead));
                    metrics.overhead(call.endpoint(), overhead);
                    Duration latency = Duration.ofNanos(System.nanoTime() - arrival);
                    report(call, new CallOutcome("completed", 200, started.model(), started.backend(),
                            started.cacheStatus() == ResponseCache.Status.HIT, latency, null,
                            result.finished().promptTokens(), result.finished().completionTokens(), result.text(),
                            result.toolCalls(), null));
                    return Uni.createFrom().completionStage(context.response().end(payload).toCompletionStage());
                })
                .onFailure().invoke(failure -> failed(call, failure, arrival))
                .onCancellation().invoke(() -> cancelledBeforeAnswer(call, arrival))
                .replaceWithVoid();
    }

    /**
     * Sends the vectors of an embeddings call with {@code X-Citadel-Cache} (and {@code X-Citadel-Backend} when
     * embedding-service was asked), charges the tokens it computed to the caller's key, and reports the call.
     */
    Uni<Void> respondEmbeddings(GatewayCall call, RoutingContext context, Uni<Embeddings> embeddings,
                                Function<Embeddings, Object> body) {
        long arrival = RequestIds.arrivalNanos(context);
        // up to 2048 vectors of 1024 floats: tens of MB of JSON, built off the event loop
        return embeddings.onItem().transformToUni(result -> OffEventLoop.run(() -> serialize(body.apply(result)))
                .onItem().transformToUni(payload -> {
                    limiter.charge(ApiKeyFilter.apiKey(context).orElse(null), result.computedTokens());
                    HttpServerResponse response = context.response().setStatusCode(200)
                            .putHeader("Content-Type", "application/json")
                            .putHeader(ResponseCache.HEADER, result.cacheStatus().headerValue());
                    if (result.backend() != null) {
                        response.putHeader(BACKEND_HEADER, result.backend());
                    }
                    report(call, new CallOutcome("completed", 200, result.model(), result.backend(),
                            result.cacheStatus() == ResponseCache.Status.HIT,
                            Duration.ofNanos(System.nanoTime() - arrival), null, result.promptTokens(), null, "",
                            List.of(), null));
                    return Uni.createFrom().completionStage(response.end(payload).toCompletionStage());
                }))
                .onFailure().invoke(failure -> failed(call, failure, arrival))
                .onCancellation().invoke(() -> cancelledBeforeAnswer(call, arrival))
                .replaceWithVoid();
    }

    /** The tokens of the answer count against the caller's key (TPM). */
    private Uni<Generation> charged(RoutingContext context, Uni<Generation> generation) {
        return generation.map(started -> limiter.charging(ApiKeyFilter.apiKey(context).orElse(null), started));
    }

    /** Which backend answered (none for a cache hit) and what the response cache did. */
    private static HttpServerResponse generationHeaders(HttpServerResponse response, Generation generation) {
        if (generation.backend() != null) {
            response.putHeader(BACKEND_HEADER, generation.backend());
        }
        return response.putHeader(ResponseCache.HEADER, generation.cacheStatus().headerValue());
    }

    private void finished(GatewayCall call, Generation generation, SseStreamer.Result result, long arrival) {
        report(call, new CallOutcome(result.outcome().name().toLowerCase(Locale.ROOT), 200, generation.model(),
                generation.backend(), generation.cacheStatus() == ResponseCache.Status.HIT,
                Duration.ofNanos(System.nanoTime() - arrival), result.firstTokenAfter(),
                result.finished() == null ? null : result.finished().promptTokens(),
                result.finished() == null ? null : result.finished().completionTokens(),
                result.deliveredText(), result.toolCalls(), result.error()));
        if (result.firstTokenAfter() != null) {
            metrics.firstToken(call.endpoint(), generation.model(), result.firstTokenAfter());
        }
    }

    private void failed(GatewayCall call, Throwable failure, long arrival) {
        ApiException api = failure instanceof ApiException e ? e : null;
        int status = api != null ? api.status() : 500;
        report(call, new CallOutcome(status == 504 ? "timeout" : "error", status, call.requestedModel(), null, false,
                Duration.ofNanos(System.nanoTime() - arrival), null, null, null, "", List.of(),
                failure.getMessage()));
    }

    private void cancelledBeforeAnswer(GatewayCall call, long arrival) {
        report(call, new CallOutcome("cancelled", 499, call.requestedModel(), null, false,
                Duration.ofNanos(System.nanoTime() - arrival), null, null, null, "", List.of(),
                "client closed the connection before the answer"));
    }

    private void report(GatewayCall call, CallOutcome outcome) {
        metrics.requestFinished(call.endpoint(), outcome.model(), outcome.backend() == null ? "none"
                : outcome.backend(), outcome.status(), outcome.httpStatus(), outcome.latency());
        audit.record(call, outcome);
    }

    private static GatewayCall call(String endpoint, NamedProfile profile, String model, List<ChatMessage> messages,
                                    UUID conversation, boolean continued, RoutingContext context) {
        long sinceArrival = System.nanoTime() - RequestIds.arrivalNanos(context);
        return new GatewayCall(RequestIds.of(context), Instant.now().minusNanos(sinceArrival), endpoint,
                profile == null ? null : profile.name(), model, messages, conversation, continued,
                ApiKeyFilter.keyId(context),
                context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress(),
                context.request().getHeader("User-Agent"));
    }

    private static UUID parseConversationId(String value) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(CONVERSATION_HEADER + " must be a conversation id (a UUID) returned by "
                    + "an earlier response", CONVERSATION_HEADER);
        }
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

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.2f", duration.toNanos() / 1_000_000.0);
    }
}
