package ai.citadel.gateway.service.embeddings;

import ai.citadel.commons.cache.EmbeddingCacheKeys;
import ai.citadel.commons.cache.Float32Vectors;
import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.text.TokenEstimates;
import ai.citadel.gateway.client.EmbeddingCacheStore;
import ai.citadel.gateway.client.EmbeddingServiceClient;
import ai.citadel.gateway.client.EmbeddingServiceException;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.config.GatewayConfig.ModelKind;
import ai.citadel.gateway.service.cache.ResponseCache;
import ai.citadel.gateway.service.metrics.GatewayMetrics;
import ai.citadel.gateway.service.routing.ModelCatalog;
import ai.citadel.model.openai.EmbeddingRequest;
import ai.citadel.model.openai.EmbeddingResponse;
import ai.citadel.model.openai.EmbeddingVector;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Embeddings through the gateway (docs/gateway.md#embeddings): each input's vector is looked up in Redis (one MGET),
 * only the inputs not cached go to embedding-service (one batched call, deduplicated), and the vectors are merged back
 * in input order. Vectors are kept as float32 little-endian bytes, the way OpenAI's base64 encoding and the cache both
 * want them, so a cached vector is returned bit for bit. The cache's layout is embedding-service's too
 * ({@link EmbeddingCacheKeys}): a vector either one computed is served by the other.
 *
 * <p>Model names: an embedding model of the catalog (or its alias) becomes its canonical name; any other name goes
 * to embedding-service as sent, which knows its own models and answers 400 for the rest.
 */
@ApplicationScoped
public class EmbeddingService {

    public static final String BACKEND = EmbeddingServiceClient.NAME;

    /**
     * The vectors of one request.
     *
     * @param model          the model, as the catalog names it (or as sent when the catalog does not have it)
     * @param vectors        one per input, in input order: float32 little-endian bytes
     * @param promptTokens   the request's tokens: embedding-service's count for what it computed (an estimate where
     *                       it gave none), estimated for the inputs answered from the cache
     * @param computedTokens the tokens embedding-service computed, which the caller's key is charged
     * @param backend        {@value #BACKEND} when it was called, null when every input was cached
     */
    public record Embeddings(String model, List<byte[]> vectors, int promptTokens, int computedTokens,
                             ResponseCache.Status cacheStatus, String backend) {

        public float[] floats(int index) {
            return Float32Vectors.fromBytes(vectors.get(index));
        }

        public String base64(int index) {
            return Base64.getEncoder().encodeToString(vectors.get(index));
        }
    }

    private final ModelCatalog catalog;
    private final EmbeddingServiceClient service;
    private final EmbeddingCacheStore cache;
    private final GatewayMetrics metrics;
    private final Duration ttl;

    public EmbeddingService(ModelCatalog catalog, EmbeddingServiceClient service, EmbeddingCacheStore cache,
                            GatewayMetrics metrics, GatewayConfig config) {
        this.catalog = catalog;
        this.service = service;
        this.cache = cache;
        this.metrics = metrics;
        this.ttl = config.cache().embeddingsTtl();
    }

    /** The model name requests use, aliases resolved. */
    public String resolveModel(String requested) {
        return catalog.find(requested, ModelKind.EMBEDDING).map(ModelCatalog.CatalogModel::name).orElse(requested);
    }

    /**
     * @param dimensions  the dimension the caller asked for, or null; anything but the model's own is a 400, as in
     *                    embedding-service, which does not truncate vectors
     * @param cacheHeader the request's {@code X-Citadel-Cache} ({@code no-store} bypasses the cache), or null
     */
    public Uni<Embeddings> embed(String requestedModel, List<String> texts, Integer dimensions, String cacheHeader,
                                 String requestId) {
        String model = resolveModel(requestedModel);
        List<String> keys = texts.stream().map(text -> EmbeddingCacheKeys.key(model, text)).toList();
        if ("no-store".equalsIgnoreCase(cacheHeader)) {
            metrics.embeddingCache("bypass", texts.size());
            List<byte[]> none = new ArrayList<>();
            texts.forEach(text -> none.add(null));
            return complete(model, texts, keys, none, ResponseCache.Status.BYPASS, dimensions, requestId);
        }
        return cache.getAll(keys).chain(cached -> {
            int hits = (int) cached.stream().filter(vector -> vector != null).count();
            metrics.embeddingCache("hit", hits);
            metrics.embeddingCache("miss", texts.size() - hits);
            ResponseCache.Status status = hits == texts.size() ? ResponseCache.Status.HIT : ResponseCache.Status.MISS;
            return complete(model, texts, keys, cached, status, dimensions, requestId);
        });
    }

    /** Computes the inputs without a vector in {@code cached} (nulls), in one call, and fills them in. */
    private Uni<Embeddings> complete(String model, List<String> texts, List<String> keys, List<byte[]> cached,
                                     ResponseCache.Status status, Integer dimensions, String requestId) {
        Set<String> missing = new LinkedHashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            if (cached.get(i) == null) {
                missing.add(texts.get(i));
            }
        }
        if (missing.isEmpty()) {
            return Uni.createFrom().item(() -> result(model, texts, cached, Map.of(), null, status, dimensions));
        }
        List<String> sent = List.copyOf(missing);
        // base64: the very bytes the cache keeps, in a third of the JSON
        EmbeddingRequest request = new EmbeddingRequest(EmbeddingRequest.of(model, sent).input(), model, "base64",
                null, null);
        return service.embeddings(request, requestId)
                .onFailure().transform(EmbeddingService::asApiException)
                .map(response -> {
                    Map<String, byte[]> computed = computed(sent, response);
                    if (status != ResponseCache.Status.BYPASS) {
                        store(model, computed);
                    }
                    Integer reported = response.usage() == null ? null : response.usage().promptTokens();
                    return result(model, texts, cached, computed, reported, status, dimensions);
                });
    }

    private Embeddings result(String model, List<String> texts, List<byte[]> cached, Map<String, byte[]> computed,
                              Integer reportedTokens, ResponseCache.Status status, Integer dimensions) {
        List<byte[]> vectors = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            vectors.add(cached.get(i) != null ? cached.get(i) : computed.get(texts.get(i)));
        }
        int length = vectors.getFirst().length / Float.BYTES;
        if (dimensions != null && dimensions != length) {
            throw ApiException.badRequest("The model " + model + " gives " + length + " dimensions; Citadel does "
                    + "not truncate vectors, so dimensions must be " + length + " or left out", "dimensions");
        }
        int computedTokens = computed.isEmpty() ? 0
                : reportedTokens != null ? reportedTokens : TokenEstimates.of(computed.keySet());
        // as embedding-service counts what it computes
        int cachedTokens = TokenEstimates.of(texts) - TokenEstimates.of(computed.keySet());
        metrics.tokens(model, computedTokens, 0);
        return new Embeddings(model, vectors, computedTokens + cachedTokens, computedTokens, status,
                computed.isEmpty() ? null : BACKEND);
    }

    /** embedding-service's vectors by text; it must answer every input, all of one dimension. */
    private static Map<String, byte[]> computed(List<String> sent, EmbeddingResponse response) {
        List<EmbeddingResponse.Embedding> data = response.data() == null ? List.of()
                : response.data().stream().sorted(Comparator.comparingInt(EmbeddingResponse.Embedding::index)).toList();
        if (data.size() != sent.size()) {
            throw badAnswer(sent.size() + " inputs sent, " + data.size() + " vectors returned");
        }
        Map<String, byte[]> vectors = new LinkedHashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            byte[] vector = bytesOf(data.get(i).embedding());
            if (vector.length == 0 || vector.length % Float.BYTES != 0
                    || (i > 0 && vector.length != vectors.get(sent.getFirst()).length)) {
                throw badAnswer("vector " + i + " has " + vector.length + " bytes");
            }
            vectors.put(sent.get(i), vector);
        }
        return vectors;
    }

    private static byte[] bytesOf(EmbeddingVector vector) {
        if (vector == null) {
            return new byte[0];
        }
        if (vector.base64() != null) {
            return Base64.getDecoder().decode(vector.base64());
        }
        return Float32Vectors.toBytes(vector.values());
    }

    /** In the background: the client never waits for the cache. */
    private void store(String model, Map<String, byte[]> computed) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        computed.forEach((text, vector) -> entries.put(EmbeddingCacheKeys.key(model, text), vector));
        cache.putAll(entries, ttl).subscribe().with(stored -> {
                    if (stored) {
                        metrics.embeddingsStored(entries.size());
                    }
                },
                failure -> Log.debugf("Embeddings not cached: %s", failure));
    }

    /**
     * What the client sees of a failed call: the service's own 400 (unknown model, input too long) with its
     * message; embedding-service down, failing, slow or behind an open circuit: a 503 that names it.
     */
    static ApiException asApiException(Throwable failure) {
        return switch (failure) {
            case ApiException api -> api;
            case EmbeddingServiceException e when e.status() == 400 || e.status() == 413 || e.status() == 422 ->
                    new ApiException(e.status() == 413 ? 413 : 400, e.code() == null ? "invalid_request" : e.code(),
                            e.getMessage(), e.param());
            case EmbeddingServiceException e when e.status() == 429 -> new ApiException(429, "rate_limit_exceeded",
                    BACKEND + " is busy: " + e.getMessage(), null);
            case EmbeddingServiceException e when e.status() < 500 -> new ApiException(502, "backend_rejected_request",
                    BACKEND + " refused the gateway's request (HTTP " + e.status() + "): " + e.getMessage(), null);
            case EmbeddingServiceException e -> unavailable("it failed (HTTP " + e.status() + "): " + e.getMessage());
            case TimeoutException e -> unavailable("it did not answer in time");
            case CircuitBreakerOpenException e -> unavailable("its circuit is open after repeated failures");
            default -> unavailable("it cannot be reached (" + rootCause(failure) + ")");
        };
    }

    private static ApiException unavailable(String reason) {
        return new ApiException(503, "backend_unavailable", BACKEND + " is unavailable: " + reason, null);
    }

    private static ApiException badAnswer(String what) {
        return new ApiException(502, "backend_bad_response", BACKEND + " gave an unusable answer: " + what, null);
    }

    private static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
