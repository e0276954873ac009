package ai.citadel.embedding.service;

import ai.citadel.embedding.inference.BatchMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts requests refused before any model call in {@code citadel_embedding_rejections_total} (the batchers count
 * their own: {@code queue_full}, {@code queue_timeout}).
 */
@ApplicationScoped
public class Rejections {

    static final String UNKNOWN_MODEL = "unknown_model";
    static final String TOO_MANY_INPUTS = "too_many_inputs";
    static final String TEXT_TOO_LONG = "text_too_long";

    private final MeterRegistry registry;

    Rejections(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param modelLabel from {@link ModelCatalog#metricLabel(String)}: never the caller's text */
    void count(String reason, String modelLabel) {
        BatchMetrics.rejections(registry, modelLabel, reason).increment();
    }
}
