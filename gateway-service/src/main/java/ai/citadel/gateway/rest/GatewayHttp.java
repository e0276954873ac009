package ai.citadel.gateway.rest;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.rest.RequestIds;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.service.audit.GatewayCall;
import ai.citadel.gateway.service.cache.ResponseCache;
import ai.citadel.gateway.service.calls.GatewayCalls;
import ai.citadel.gateway.service.generation.Generation;
import ai.citadel.gateway.service.generation.StreamingProfiles.NamedProfile;
import ai.citadel.gateway.service.routing.TriedBackends;
import ai.citadel.model.openai.ChatMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The HTTP side of a model API call, below JAX-RS, which the completions and embeddings resources share: what the
 * request says about the call (request id, arrival, caller, conversation), and the answer written to the connection
 * with the gateway's headers ({@code X-Citadel-Backend}, {@code X-Citadel-Cache}, {@code X-Citadel-Overhead-Ms},
 * {@code X-Conversation-Id}). Plumbing only: {@link GatewayCalls} runs the call and records how it ended.
 */
@ApplicationScoped
class GatewayHttp {

    static final String BACKEND_HEADER = "X-Citadel-Backend";
    static final String OVERHEAD_HEADER = "X-Citadel-Overhead-Ms";
    static final String CONVERSATION_HEADER = "X-Conversation-Id";

    private final ObjectMapper json;
    private final Vertx vertx;
    private final Duration keepAliveInterval;

    GatewayHttp(ObjectMapper json, Vertx vertx, GatewayConfig config) {
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

    /** A call outside any conversation: a legacy completion, an embeddings request. */
    GatewayCall call(String endpoint, NamedProfile profile, String model, RoutingContext context) {
        return call(endpoint, profile, model, List.of(), null, false, context);
    }

    /** The request's {@code X-Citadel-Cache} header, or null. */
    static String cacheHeader(RoutingContext context) {
        return context.request().getHeader(ResponseCache.HEADER);
    }

    /** Writes a whole answer as one JSON body. */
    GatewayCalls.AnswerWriter answerTo(RoutingContext context) {
        return (generation, payload, overhead) -> {
            HttpServerResponse response = generationHeaders(context.response().setStatusCode(200), generation)
                    .putHeader("Content-Type", "application/json")
                    .putHeader(OVERHEAD_HEADER, millis(overhead));
            return Uni.createFrom().completionStage(response.end(payload).toCompletionStage());
        };
    }

    /** Writes the generation as server-sent events under the profile ({@link SseStreamer}). */
    GatewayCalls.StreamWriter streamTo(RoutingContext context, NamedProfile profile) {
        return (generation, overhead) -> {
            HttpServerResponse response = context.response();
            generationHeaders(response, generation);
            response.putHeader(OVERHEAD_HEADER, millis(overhead));
            return new SseStreamer(response, generation.format(), profile.profile(), vertx, json,
                    RequestIds.arrivalNanos(context)).stream(generation.events(), keepAliveInterval);
        };
    }

    /** Writes vectors, with {@code X-Citadel-Cache}, and {@code X-Citadel-Backend} when embedding-service was asked. */
    GatewayCalls.EmbeddingsWriter embeddingsTo(RoutingContext context) {
        return (embeddings, payload) -> {
            HttpServerResponse response = context.response().setStatusCode(200)
                    .putHeader("Content-Type", "application/json")
                    .putHeader(ResponseCache.HEADER, embeddings.cacheStatus().headerValue());
            if (embeddings.backend() != null) {
                response.putHeader(BACKEND_HEADER, embeddings.backend());
            }
            return Uni.createFrom().completionStage(response.end(payload).toCompletionStage());
        };
    }

    /** Which backend answered (none for a cache hit) and what the response cache did. */
    private static HttpServerResponse generationHeaders(HttpServerResponse response, Generation generation) {
        if (generation.backend() != null) {
            response.putHeader(BACKEND_HEADER, generation.backend());
        }
        return response.putHeader(ResponseCache.HEADER, generation.cacheStatus().headerValue());
    }

    private static GatewayCall call(String endpoint, NamedProfile profile, String model, List<ChatMessage> messages,
                                    UUID conversation, boolean continued, RoutingContext context) {
        long arrival = RequestIds.arrivalNanos(context);
        return new GatewayCall(RequestIds.of(context), Instant.now().minusNanos(System.nanoTime() - arrival),
                arrival, endpoint, profile == null ? null : profile.name(), model, messages, conversation, continued,
                ApiKeyFilter.apiKey(context).orElse(null),
                context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress(),
                context.request().getHeader("User-Agent"), new TriedBackends());
    }

    private static UUID parseConversationId(String value) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(CONVERSATION_HEADER + " must be a conversation id (a UUID) returned by "
                    + "an earlier response", CONVERSATION_HEADER);
        }
    }

    /** Milliseconds with two decimals, rounded ({@code 0.25}); on every answer, so without a formatter. */
    static String millis(Duration duration) {
        long hundredths = (duration.toNanos() + 5_000) / 10_000;
        long fraction = hundredths % 100;
        return hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
    }
}
