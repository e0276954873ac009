package ai.citadel.embedding.service;

import ai.citadel.commons.cache.EmbeddingCacheKeys;
import ai.citadel.embedding.repository.EmbeddingCacheRepository;
import ai.citadel.model.embedding.EmbeddingModelSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Embeds texts: cache first (when allowed), the rest computed by the model's backend in batches, then cached.
 * With {@code allowFallback}, an unavailable model hands over to the next of the fallback chain; the result
 * names the model used, and one request's vectors always come from one model.
 */
@ApplicationScoped
public class EmbeddingService {

    /** Most texts, and most characters in all, that {@link #lightToPrepare} hashes on the subscribing thread. */
    static final int LIGHT_MAX_TEXTS = 64;
    static final int LIGHT_MAX_CHARS = 16 * 1024;

    private final ModelCatalog catalog;
    private final InProcessBackend inProcess;
    private final OllamaBackend ollama;
    private final EmbeddingCacheRepository cache;
    private final CacheMetadataRecorder metadata;
    private final MeterRegistry registry;

    EmbeddingService(ModelCatalog catalog, InProcessBackend inProcess, OllamaBackend ollama,
            EmbeddingCacheRepository cache, CacheMetadataRecorder metadata, MeterRegistry registry) {
        this.catalog = catalog;
        this.inProcess = inProcess;
        this.ollama = ollama;
        this.cache = cache;
        this.metadata = metadata;
        this.registry = registry;
    }

    /** @param modelName the requested model; the default when blank */
    public Uni<EmbeddingResult> embed(String modelName, List<String> texts, EmbedOptions options) {
        return Uni.createFrom().deferred(() -> {
            EmbeddingModel requested = catalog.resolve(modelName);
            List<EmbeddingModel> candidates = options.allowFallback() ? catalog.withFallbacks(requested)
                    : List.of(requested);
            return embedWithFirstAvailable(candidates, 0, texts, options);
        }).onFailure().transform(ApiErrors::of);
    }

    public boolean available(EmbeddingModel model) {
        return backendOf(model).available(model);
    }

    private Uni<EmbeddingResult> embedWithFirstAvailable(List<EmbeddingModel> candidates, int index,
            List<String> texts, EmbedOptions options) {
        Uni<EmbeddingResult> attempt = embedWith(candidates.get(index), texts, options);
        if (index + 1 == candidates.size()) {
            return attempt;
        }
        return attempt.onFailure(ModelUnavailableException.class)
                .recoverWithUni(() -> embedWithFirstAvailable(candidates, index + 1, texts, options));
    }

    /**
     * Counting tokens and hashing many or long texts is CPU work: it runs on a worker thread, never on the event loop
     * that subscribed. A small request is prepared where it was subscribed: hashing a few short texts (microseconds)
     * costs less than handing the request to a worker thread and back.
     */
    private Uni<EmbeddingResult> embedWith(EmbeddingModel model, List<String> texts, EmbedOptions options) {
        Uni<EmbeddingResult> embedding = Uni.createFrom().deferred(() -> lookUpAndCompute(model, texts, options));
        return lightToPrepare(texts, options) ? embedding
                : embedding.runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * Whether {@link #lookUpAndCompute}'s own work before it waits (hashing the texts for the cache, counting their
     * tokens with {@code truncate: false}) is short enough for an event loop: no tokenising, and no more than
     * {@link #LIGHT_MAX_TEXTS} texts of {@link #LIGHT_MAX_CHARS} characters in all to hash (tens of microseconds).
     * Without the cache nothing is hashed: the texts only join the model's queue.
     */
    static boolean lightToPrepare(List<String> texts, EmbedOptions options) {
        if (!options.truncate()) {
            return false;
        }
        if (!options.useCache()) {
            return true;
        }
        if (texts.size() > LIGHT_MAX_TEXTS) {
            return false;
        }
        long chars = 0;
        for (String text : texts) {
            chars += text.length();
        }
        return chars <= LIGHT_MAX_CHARS;
    }

    private Uni<EmbeddingResult> lookUpAndCompute(EmbeddingModel model, List<String> texts, EmbedOptions options) {
        if (!options.truncate()) {
            backendOf(model).rejectOverLong(texts);
        }
        if (!options.useCache()) {
            return compute(model, texts, options).map(vectors -> new EmbeddingResult(model, vectors, 0));
        }
        List<String> hashes = texts.stream().map(EmbeddingCacheKeys::textHash).toList();
        return cache.get(model.name(), hashes).chain(cached -> {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < cached.size(); i++) {
                if (cached.get(i) == null) {
                    missing.add(i);
                }
            }
            int hits = texts.size() - missing.size();
            countCache(hits, missing.size());
            count(model.name(), "cache", hits);
            if (missing.isEmpty()) {
                metadata.record(model.name(), hashes, texts, model.dimensions());
                return Uni.createFrom().item(new EmbeddingResult(model, cached, hits));
            }
            List<String> missingTexts = missing.stream().map(texts::get).toList();
            return compute(model, missingTexts, options).map(computed -> {
                List<float[]> vectors = new ArrayList<>(cached);
                for (int i = 0; i < missing.size(); i++) {
                    vectors.set(missing.get(i), computed.get(i));
                }
                cache.put(model.name(), missing.stream().map(hashes::get).toList(), computed);
                metadata.record(model.name(), hashes, texts, model.dimensions());
                return new EmbeddingResult(model, vectors, hits);
            });
        });
    }

    private Uni<List<float[]>> compute(EmbeddingModel model, List<String> texts, EmbedOptions options) {
        return backendOf(model).embed(model, texts, options.truncate(), options.batchSize())
                .invoke(vectors -> count(model.name(), model.source().wireName(), vectors.size()));
    }

    private ModelBackend backendOf(EmbeddingModel model) {
        return model.source() == EmbeddingModelSource.IN_PROCESS ? inProcess : ollama;
    }

    private void count(String model, String source, int embeddings) {
        if (embeddings > 0) {
            Counter.builder("citadel_embeddings_total").description("Embeddings served, by model and source")
                    .tag("model", model).tag("source", source).register(registry).increment(embeddings);
        }
    }

    private void countCache(int hits, int misses) {
        Counter.builder("citadel_embedding_cache_requests_total").description("Embedding cache lookups by result")
                .tag("result", "hit").register(registry).increment(hits);
        Counter.builder("citadel_embedding_cache_requests_total").description("Embedding cache lookups by result")
                .tag("result", "miss").register(registry).increment(misses);
    }
}
