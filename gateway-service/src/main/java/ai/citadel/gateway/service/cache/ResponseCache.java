package ai.citadel.gateway.service.cache;

import ai.citadel.commons.text.Sha256;
import ai.citadel.gateway.client.ResponseCacheStore;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.model.openai.ToolCall;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The response cache (docs/gateway.md#response-cache): answers of deterministic requests ({@code temperature} 0, or
 * header {@code X-Citadel-Cache: use}) kept in Redis under the SHA-256 of the canonical request — every field that
 * changes the output, the model after alias resolution — so a repeated question is answered without a backend.
 */
@ApplicationScoped
public class ResponseCache {

    public static final String HEADER = "X-Citadel-Cache";

    /** What the cache did for a request, as {@code X-Citadel-Cache} reports it. */
    public enum Status {
        HIT, MISS, BYPASS;

        public String headerValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A cached answer: its tokens (so a stream replays them under any profile), tool calls and end. */
    public record CachedAnswer(List<String> tokens, List<ToolCall> toolCalls, String finishReason,
                               Integer promptTokens, Integer completionTokens) {
    }

    private static final String PREFIX = "citadel:responses:";
    /** Fields that do not change the answer; everything else is part of the key. */
    private static final List<String> NOT_IN_KEY = List.of("stream", "stream_options", "user");

    private final ResponseCacheStore store;
    private final ObjectMapper json;
    private final ObjectMapper canonicalJson;
    private final GatewayConfig.Cache config;
    private final MeterRegistry metrics;

    public ResponseCache(ResponseCacheStore store, ObjectMapper json, GatewayConfig config, MeterRegistry metrics) {
        this.store = store;
        this.json = json;
        this.canonicalJson = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.config = config.cache();
        this.metrics = metrics;
    }

    /**
     * @param header      the request's {@code X-Citadel-Cache} ({@code use}, {@code no-store}) or null
     * @param temperature the request's temperature, or null
     */
    public boolean eligible(String header, Double temperature) {
        if ("no-store".equalsIgnoreCase(header)) {
            return false;
        }
        return "use".equalsIgnoreCase(header) || (temperature != null && temperature == 0.0);
    }

    /**
     * The key of a request: {@code kind} tells chat from completion, the model is the resolved one. Unless the cache
     * is shared across keys, the caller's key is part of it, so no caller is answered with another's answer.
     *
     * @param apiKeyId the caller's key; null for callers without one, who share their entries
     */
    public String keyOf(String kind, String resolvedModel, Object request, UUID apiKeyId) {
        ObjectNode canonical = canonicalJson.valueToTree(request);
        NOT_IN_KEY.forEach(canonical::remove);
        canonical.put("model", resolvedModel);
        canonical.put("citadel_kind", kind);
        // always set, so a request field of that name cannot pose as another caller's key
        canonical.put("citadel_api_key", apiKeyId == null || config.sharedAcrossKeys() ? "" : apiKeyId.toString());
        try {
            return PREFIX + Sha256.hex(canonicalJson.writeValueAsString(canonical));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot build a cache key", e);
        }
    }

    public Uni<Optional<CachedAnswer>> lookup(String key) {
        return store.get(key).map(value -> value.flatMap(this::parse));
    }

    /** Stores in the background: the client never waits for the cache. */
    public void store(String key, CachedAnswer answer) {
        try {
            store.put(key, json.writeValueAsString(answer), config.responsesTtl())
                    .subscribe().with(stored -> {
                        if (stored) {
                            metrics.counter("citadel_gateway_cache_stores_total").increment();
                        }
                    }, failure -> Log.debugf("Response not cached: %s", failure));
        } catch (JsonProcessingException e) {
            Log.warnf("Cannot serialise an answer for the cache: %s", e.getMessage());
        }
    }

    public void count(Status status) {
        metrics.counter("citadel_gateway_cache_requests_total", "result", status.headerValue()).increment();
    }

    private Optional<CachedAnswer> parse(String value) {
        try {
            return Optional.of(json.readValue(value, CachedAnswer.class));
        } catch (JsonProcessingException e) {
            Log.warnf("Ignoring an unreadable cached answer: %s", e.getMessage());
            return Optional.empty();
        }
    }
}
