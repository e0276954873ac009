package ai.citadel.gateway.service.metrics;

import ai.citadel.gateway.service.routing.ModelCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * The gateway's own metrics (docs/architecture.md#metrics; prefix {@code citadel_}). A {@code model} label is
 * always a catalog model's canonical name, or {@value #UNKNOWN_MODEL}: model names come from callers, and every
 * distinct label value would be a new series kept for the life of the process.
 */
@ApplicationScoped
public class GatewayMetrics {

    static final String UNKNOWN_MODEL = "unknown";

    private final MeterRegistry registry;
    private final ModelCatalog catalog;

    public GatewayMetrics(MeterRegistry registry, ModelCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    /**
     * @param status {@code completed}, {@code error}, {@code timeout} or {@code cancelled}
     */
    public void requestFinished(String endpoint, String model, String backend, String status, int httpStatus,
                                Duration latency) {
        registry.counter("citadel_gateway_requests_total", "endpoint", endpoint, "model", label(model),
                "backend", backend, "status", status, "http_status", Integer.toString(httpStatus)).increment();
        histogram("citadel_gateway_request_duration", "Time from request to the last byte", endpoint)
                .record(latency);
    }

    public void firstToken(String endpoint, String model, Duration sinceRequest) {
        Timer.builder("citadel_gateway_time_to_first_token")
                .description("Time from request to the first token reaching the client")
                .tag("endpoint", endpoint).tag("model", label(model))
                .publishPercentileHistogram()
                .register(registry)
                .record(sinceRequest);
    }

    public void overhead(String endpoint, Duration overhead) {
        histogram("citadel_gateway_overhead", "Time spent in the gateway itself, backend wait excluded", endpoint)
                .record(overhead);
    }

    public void tokens(String model, int promptTokens, int completionTokens) {
        registry.counter("citadel_gateway_prompt_tokens_total", "model", label(model)).increment(promptTokens);
        registry.counter("citadel_gateway_completion_tokens_total", "model", label(model))
                .increment(completionTokens);
    }

    /** Inputs of embeddings requests by what the cache did for them: {@code hit}, {@code miss}, {@code bypass}. */
    public void embeddingCache(String result, int inputs) {
        if (inputs > 0) {
            registry.counter("citadel_gateway_embedding_cache_total", "result", result).increment(inputs);
        }
    }

    /** Vectors written to the embedding cache. */
    public void embeddingsStored(int vectors) {
        registry.counter("citadel_gateway_embedding_cache_stores_total").increment(vectors);
    }

    /** The canonical name of a catalog model, aliases included; anything else is {@value #UNKNOWN_MODEL}. */
    private String label(String model) {
        return catalog.find(model).map(ModelCatalog.CatalogModel::name).orElse(UNKNOWN_MODEL);
    }

    private Timer histogram(String name, String description, String endpoint) {
        return Timer.builder(name).description(description).tag("endpoint", endpoint)
                .publishPercentileHistogram()
                .register(registry);
    }
}
