package ai.citadel.orchestration.service.workflow;

import ai.citadel.model.workflow.WorkflowStepType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The workflow engine's own metrics (docs/orchestration.md#metrics; prefix {@code citadel_orchestration_}). */
@ApplicationScoped
public class OrchestrationMetrics {

    private final MeterRegistry registry;

    OrchestrationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** @param outcome {@code completed}, {@code retrying}, {@code failed} or {@code cancelled} */
    void stepAttempt(WorkflowStepType type, String outcome, Duration duration) {
        Timer.builder("citadel_orchestration_step_duration")
                .description("Time one attempt of a step took, by step type and outcome")
                .tag("type", type.wireName()).tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry)
                .record(duration);
    }

    void retry(WorkflowStepType type) {
        registry.counter("citadel_orchestration_step_retries_total", "type", type.wireName()).increment();
    }

    /** The progress feed's subscribers on this replica, SSE and WebSocket together. */
    void feedSubscribers(AtomicInteger subscribers) {
        Gauge.builder("citadel_orchestration_feed_subscribers", subscribers, AtomicInteger::get)
                .description("Clients following a workflow's progress on this replica (SSE and WebSocket)")
                .register(registry);
    }

    void leaseExpired() {
        registry.counter("citadel_orchestration_lease_expiries_total").increment();
    }
}
