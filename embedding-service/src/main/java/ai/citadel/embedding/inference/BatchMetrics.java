package ai.citadel.embedding.inference;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What a {@link MicroBatcher} reports per model: inputs per call, time queued, time in the model, jobs refused for a
 * full queue or a passed deadline.
 */
public record BatchMetrics(DistributionSummary batchSize, Timer queueWait, Timer inference, Counter queueFull,
        Counter queueTimeout) {

    public static BatchMetrics of(MeterRegistry registry, String model) {
        return new BatchMetrics(
                DistributionSummary.builder("citadel_embedding_batch_size").description("Inputs per model call")
                        .tag("model", model).publishPercentileHistogram().register(registry),
                Timer.builder("citadel_embedding_queue_wait").description("Time an input waits for its model call")
                        .tag("model", model).publishPercentileHistogram().register(registry),
                Timer.builder("citadel_embedding_inference").description("Duration of one model call")
                        .tag("model", model).publishPercentileHistogram().register(registry),
                rejections(registry, model, BatcherOverloadedException.Reason.QUEUE_FULL.label()),
                rejections(registry, model, BatcherOverloadedException.Reason.QUEUE_TIMEOUT.label()));
    }

    /**
     * {@code citadel_embedding_rejections_total}: requests refused, by reason and model.
     *
     * @param model a catalog model name or {@code unknown}, never the caller's text
     */
    public static Counter rejections(MeterRegistry registry, String model, String reason) {
        return Counter.builder("citadel_embedding_rejections_total")
                .description("Embedding requests refused, by reason").tag("model", model).tag("reason", reason).register(registry);
    }
}
