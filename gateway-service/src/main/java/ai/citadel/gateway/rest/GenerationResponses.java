package ai.citadel.gateway.rest;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.rest.RequestIds;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.service.GatewayMetrics;
import ai.citadel.gateway.service.RateLimiter;
import ai.citadel.gateway.service.Generation;
import ai.citadel.gateway.service.StreamingProfiles.NamedProfile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Sends a generation to the client, as one JSON body or as an event stream, with the gateway's headers
 * ({@code X-Citadel-Backend}, {@code X-Citadel-Overhead-Ms}) and metrics.
 */
@ApplicationScoped
class GenerationResponses {

    static final String BACKEND_HEADER = "X-Citadel-Backend";
    static final String OVERHEAD_HEADER = "X-Citadel-Overhead-Ms";

    private final GatewayMetrics metrics;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Duration keepAliveInterval;
    private final RateLimiter limiter;

    GenerationResponses(GatewayMetrics metrics, ObjectMapper json, Vertx vertx, GatewayConfig config,
                        RateLimiter limiter) {
        this.metrics = metrics;
        this.limiter = limiter;
        this.json = json;
        this.vertx = vertx;
        this.keepAliveInterval = config.streaming().keepAliveInterval();
    }

    /** Streams the generation under the profile; failures before the first token become JSON errors. */
    Uni<Void> stream(String endpoint, String model, NamedProfile profile, RoutingContext context,
                     Uni<Generation> generation) {
        long arrival = RequestIds.arrivalNanos(context);
        long dispatched = System.nanoTime();
        return charged(context, generation)
                .ifNoItem().after(profile.profile().timeLimit()).failWith(() -> timeLimitBeforeFirstToken(profile))
                .onItem().transformToUni(started -> {
                    HttpServerResponse response = context.response();
                    Duration overhead = Duration.ofNanos(dispatched - arrival);
                    response.putHeader(BACKEND_HEADER, started.backend());
                    response.putHeader(OVERHEAD_HEADER, millis(overhead));
                    metrics.overhead(endpoint, overhead);
                    return new SseStreamer(response, started.format(), profile.profile(), vertx, json, arrival)
                            .stream(started.events(), keepAliveInterval)
                            .invoke(result -> recordStream(endpoint, started, result, arrival));
                })
                .onFailure().invoke(failure -> recordFailure(endpoint, model, failure, arrival))
                .replaceWithVoid();
    }

    /** Waits for the whole answer and sends it as one JSON body. */
    <T> Uni<Void> respond(String endpoint, String model, RoutingContext context, Uni<Generation> generation,
                          Function<Generation, Uni<T>> assemble) {
        long arrival = RequestIds.arrivalNanos(context);
        long dispatched = System.nanoTime();
        return charged(context, generation).onItem().transformToUni(started -> assemble.apply(started).onItem().transformToUni(body -> {
                    long assembled = System.nanoTime();
                    HttpServerResponse response = context.response();
                    String payload = serialize(body);
                    Duration overhead = Duration.ofNanos(dispatched - arrival + System.nanoTime() - assembled);
                    response.setStatusCode(200)
                            .putHeader("Content-Type", "application/json")
                            .putHeader(BACKEND_HEADER, started.backend())
                            .putHeader(OVERHEAD_HEADER, millis(overhead));
                    metrics.overhead(endpoint, overhead);
                    metrics.requestFinished(endpoint, started.model(), started.backend(), "completed", 200,
                            Duration.ofNanos(System.nanoTime() - arrival));
                    return Uni.createFrom().completionStage(response.end(payload).toCompletionStage());
                }))
                .onFailure().invoke(failure -> recordFailure(endpoint, model, failure, arrival))
                .replaceWithVoid();
    }

    /** The tokens of the answer count against the caller's key (TPM). */
    private Uni<Generation> charged(RoutingContext context, Uni<Generation> generation) {
        return generation.map(started -> limiter.charging(ApiKeyFilter.apiKey(context).orElse(null), started));
    }

    private void recordStream(String endpoint, Generation generation, SseStreamer.Result result, long arrival) {
        String status = result.outcome().name().toLowerCase(Locale.ROOT);
        metrics.requestFinished(endpoint, generation.model(), generation.backend(), status, 200,
                Duration.ofNanos(System.nanoTime() - arrival));
        if (result.firstTokenAfter() != null) {
            metrics.firstToken(endpoint, generation.model(), result.firstTokenAfter());
        }
    }

    private void recordFailure(String endpoint, String model, Throwable failure, long arrival) {
        int status = failure instanceof ApiException api ? api.status() : 500;
        metrics.requestFinished(endpoint, model, "none", "error", status, Duration.ofNanos(System.nanoTime() - arrival));
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
