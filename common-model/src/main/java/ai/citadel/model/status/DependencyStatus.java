package ai.citadel.model.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * One dependency in {@code GET /api/v1/status}, as its last scheduled check found it.
 *
 * @param name        e.g. {@code gateway:llm-01}, {@code embedding-service}, {@code vector-store}, {@code postgresql},
 *                    {@code redis}
 * @param kind        {@code gateway}, {@code embedding-service}, {@code vector-store}, {@code postgresql} or
 *                    {@code redis}
 * @param status      {@code UP} or {@code DOWN}
 * @param latencyMs   the check's round trip; absent when it never answered
 * @param checkedAt   when it was last checked
 * @param since       since when it has had this status
 * @param lastError   the last failed check's reason, kept after the dependency came back
 * @param lastErrorAt when that was
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DependencyStatus(
        String name,
        String kind,
        String status,
        @JsonProperty("latency_ms") Long latencyMs,
        @JsonProperty("checked_at") Instant checkedAt,
        Instant since,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("last_error_at") Instant lastErrorAt) {

    public static final String UP = "UP";
    public static final String DOWN = "DOWN";

    public boolean up() {
        return UP.equals(status);
    }
}
