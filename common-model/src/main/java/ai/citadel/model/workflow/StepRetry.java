package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * A step's {@code retry}: only retryable failures (timeouts, 5xx, an open circuit) are retried; a 4xx from a
 * dependency fails the step at once.
 *
 * @param maxAttempts attempts in all, the first included (1 = no retry)
 * @param backoffMs   wait before the first retry; each further retry waits twice as long, with jitter
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepRetry(
        @JsonProperty("max_attempts") @Min(1) @Max(10) Integer maxAttempts,
        @JsonProperty("backoff_ms") @Min(0) @Max(600_000) Long backoffMs) {
}
