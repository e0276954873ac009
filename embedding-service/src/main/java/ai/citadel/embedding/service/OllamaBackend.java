package ai.citadel.embedding.service;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.embedding.client.OllamaClient;
import ai.citadel.embedding.client.OllamaInputRejectedException;
import ai.citadel.embedding.client.OllamaUnavailableException;
import ai.citadel.embedding.config.EmbeddingConfig;
import ai.citadel.embedding.inference.BatchMetrics;
import ai.citadel.embedding.inference.MicroBatcher;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Models served by Ollama: concurrent requests for one model are coalesced like in-process ones, each batch
 * being one {@code /api/embed} call with an input array. One batcher per model and truncation mode (Ollama's
 * {@code truncate} is per call). The client's failures become the caller's: an input Ollama refuses is a 400
 * {@code input_rejected}, no host able to embed a {@link ModelUnavailableException}.
 */
@ApplicationScoped
class OllamaBackend implements ModelBackend {

    private record BatcherKey(String model, boolean truncate) {
    }

    private final OllamaClient ollama;
    private final EmbeddingConfig.Ollama settings;
    private final MeterRegistry registry;
    private final int maxJobs;
    private final Map<BatcherKey, MicroBatcher<String, float[]>> batchers = new ConcurrentHashMap<>();

    OllamaBackend(OllamaClient ollama, EmbeddingConfig config, MeterRegistry registry) {
        this.ollama = ollama;
        this.settings = config.ollama();
        this.registry = registry;
        this.maxJobs = config.limits().maxJobsPerRequest();
    }

    @Override
    public Uni<List<float[]>> embed(EmbeddingModel model, List<String> texts, boolean truncate, int maxBatch) {
        if (!ollama.hasHosts()) {
            return Uni.createFrom().failure(new ModelUnavailableException(model.name(), "no Ollama host is configured"));
        }
        MicroBatcher<String, float[]> batcher = batchers.computeIfAbsent(new BatcherKey(model.name(), truncate),
                key -> new MicroBatcher<>(key.model(), batch -> ollama.embed(key.model(), batch, key.truncate()),
                        new MicroBatcher.Settings(settings.maxBatchSize(), settings.maxWait(), settings.concurrency(),
                                settings.maxQueued(), settings.maxQueueTime()),
                        BatchMetrics.of(registry, key.model())));
        return Batches.submitInChunks(batcher, texts, Math.min(maxBatch, settings.maxBatchSize()), maxJobs)
                .onFailure(OllamaInputRejectedException.class).transform(rejected -> new ApiException(400,
                        "input_rejected", "model '" + model.name() + "' rejected the input: "
                        + ((OllamaInputRejectedException) rejected).reason(), "input"))
                .onFailure(OllamaUnavailableException.class).transform(unavailable -> new ModelUnavailableException(
                        model.name(), ((OllamaUnavailableException) unavailable).reason()));
    }

    @Override
    public boolean available(EmbeddingModel model) {
        return ollama.anyHostUp();
    }

    @PreDestroy
    void close() {
        batchers.values().forEach(MicroBatcher::close);
    }
}
