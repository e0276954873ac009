package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * A long-running model operation ({@code GET /management/operations/{id}}, and the final {@code done} event of a
 * pull's SSE stream).
 *
 * @param kind       {@code pull}
 * @param state      {@code running} while any host still pulls; then {@code succeeded} (every host),
 *                   {@code failed} (none) or {@code partial}
 * @param startedBy  who asked for it first
 * @param finishedAt absent while running
 * @param hosts      each host's pull
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Operation(
        @JsonProperty("operation_id") String operationId,
        String kind,
        String model,
        String state,
        @JsonProperty("started_by") String startedBy,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt,
        List<PullProgress> hosts) {
}
