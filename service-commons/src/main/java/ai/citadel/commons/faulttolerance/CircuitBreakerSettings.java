package ai.citadel.commons.faulttolerance;

import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The settings of one circuit breaker, mapped under a service's own prefix by returning this interface from its
 * {@code @ConfigMapping} (management: {@code citadel.ollama.circuit-breaker.*}, orchestration:
 * {@code citadel.llm.circuit-breaker.*}, gateway: {@code citadel.routing.circuit-breaker.*}), so the defaults live
 * here only. It opens when {@code failure-ratio} of the last {@code request-volume-threshold} calls failed for the
 * dependency's sake, and lets a trial call through after {@code delay}.
 */
public interface CircuitBreakerSettings {

    @WithDefault("4")
    int requestVolumeThreshold();

    @WithDefault("0.5")
    double failureRatio();

    @WithDefault("10s")
    Duration delay();

    @WithDefault("1")
    int successThreshold();
}
