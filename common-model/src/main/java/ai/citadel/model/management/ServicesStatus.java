package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Citadel's services as the management service sees them, {@code GET /management/services}: each one's readiness
 * ({@code /health/ready}), version and how long it took to answer.
 *
 * @param allReady whether every configured service is ready
 */
public record ServicesStatus(
        @JsonProperty("all_ready") boolean allReady,
        List<Service> services) {

    public static ServicesStatus of(List<Service> services) {
        return new ServicesStatus(services.stream().allMatch(Service::ready), services);
    }

    /**
     * @param status     the readiness answer's status ({@code UP}, {@code DOWN}), {@code null} when there was none
     * @param version    what the service reports ({@code null} when it does not)
     * @param latencyMs  time to its answer; {@code null} when it gave none
     * @param checksDown the readiness checks that failed ({@code Redis connection health check} …)
     * @param error      why there is no readiness answer (refused, timed out, not a health answer)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Service(
            String name,
            String url,
            boolean ready,
            String status,
            String version,
            @JsonProperty("latency_ms") Long latencyMs,
            @JsonProperty("checks_down") List<String> checksDown,
            String error) {
    }
}
