package ai.citadel.model.status;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /api/v1/status}.
 *
 * @param status       {@code UP} when every dependency is up, {@code DEGRADED} when some are down,
 *                     {@code DOWN} when this service is not ready (its readiness check's verdict)
 * @param checkedAt    the last round of checks
 * @param dependencies each dependency, by name
 */
public record StatusResponse(String status, @JsonProperty("checked_at") Instant checkedAt,
                             List<DependencyStatus> dependencies) {
}
