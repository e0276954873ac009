package ai.citadel.embedding.inference;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** What a {@link MicroBatcher} reports per model: inputs per call, time queued, time in the model. */
public record BatchMetrics(DistributionSummary batchSize, Timer queueWait, Timer inference) {

    public static BatchMetrics of(MeterRegistry registry, String model) {
        return new BatchMetrics(
                DistributionSummary.builder("citadel_embedding_batch_size").description("Inputs per model call")
                        .tag("model", model).publishPercentileHistogram().register(registry),
                Timer.builder("citadel_embedding_queue_wait").description("Time an input waits for its model call")
                        .tag("model", model).publishPercentileHistogram().register(registry),
                Timer.builder("citadel_embedding_inference").description("Duration of one model call")
                        .tag("model", model).publishPercentileHistogram().register(registry));
    }
}
