package ai.citadel.embedding.service;

import ai.citadel.embedding.config.EmbeddingConfig;
import ai.citadel.embedding.inference.BatchMetrics;
import ai.citadel.embedding.inference.InputTooLongException;
import ai.citadel.embedding.inference.MicroBatcher;
import ai.citadel.embedding.inference.MiniLmModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** all-minilm in this JVM: one {@link MiniLmModel} fed by a {@link MicroBatcher}. Loaded at start (~1 s). */
@Startup
@ApplicationScoped
class InProcessBackend implements ModelBackend {

    private final MiniLmModel model;
    private final MicroBatcher<String, float[]> batcher;
    private final int maxBatchSize;
    private final int maxJobs;

    InProcessBackend(EmbeddingConfig config, MeterRegistry registry) {
        EmbeddingConfig.InProcess settings = config.inProcess();
        int cores = Runtime.getRuntime().availableProcessors();
        int workers = settings.workers().orElse(cores);
        int threads = settings.intraOpThreads().orElse(Math.max(1, cores / workers));
        model = new MiniLmModel(settings.variant(), threads, settings.maxBatchTokens());
        maxBatchSize = settings.maxBatchSize();
        maxJobs = config.limits().maxJobsPerRequest();
        // Texts are always cut to the context here; callers that forbid it are checked (rejectOverLong) before
        batcher = new MicroBatcher<>(ModelCatalog.IN_PROCESS_MODEL, texts -> model.embed(texts, true),
                new MicroBatcher.Settings(maxBatchSize, settings.maxWait(), workers, settings.maxQueued(),
                        settings.maxQueueTime()),
                BatchMetrics.of(registry, ModelCatalog.IN_PROCESS_MODEL));
        Gauge.builder("citadel_embedding_queue_depth", batcher, MicroBatcher::queued)
                .description("Requests waiting for a model call").tag("model", ModelCatalog.IN_PROCESS_MODEL)
                .register(registry);
        Log.infof("all-minilm (%s) loaded in-process: %d workers of %d ONNX threads, batches of up to %d",
                settings.variant(), workers, threads, maxBatchSize);
        // Loading leaves the heap grown and full of the model's bytes on their way to ONNX Runtime; G1 gives memory
        // back to the OS only after a collection, which an idle service may not have for hours. One now takes its
        // resident memory from ~325 to ~295 MiB (bench/README.md#start-up-and-idle-memory-benchstartup).
        System.gc();
    }

    @Override
    public Uni<List<float[]>> embed(EmbeddingModel embeddingModel, List<String> texts, boolean truncate,
            int maxBatch) {
        return Batches.submitInChunks(batcher, texts, Math.min(maxBatch, maxBatchSize), maxJobs);
    }

    @Override
    public void rejectOverLong(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            int tokens = model.countTokens(texts.get(i));
            if (tokens > MiniLmModel.MAX_TOKENS) {
                throw new InputTooLongException(i, tokens, MiniLmModel.MAX_TOKENS);
            }
        }
    }

    @Override
    public boolean available(EmbeddingModel embeddingModel) {
        return true;
    }

    @PreDestroy
    void close() {
        batcher.close();
        model.close();
    }
}
