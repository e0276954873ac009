package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A pull on one host: an SSE {@code progress} event of {@code POST /management/models/pull}, and one entry of an
 * operation's {@code hosts}. Bytes are summed over the layers Ollama has announced so far, so {@code total} may grow
 * while the manifest's layers are discovered.
 *
 * @param state     {@code pulling}, {@code succeeded} or {@code failed}
 * @param status    Ollama's last status line ({@code pulling manifest}, {@code pulling 8eeb52dfb3bb},
 *                  {@code verifying sha256 digest}, {@code success} …)
 * @param completed bytes downloaded so far
 * @param total     bytes announced so far
 * @param percent   {@code completed / total} in percent, one decimal; absent before any size is known
 * @param error     why it failed; absent unless {@code failed}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PullProgress(
        @JsonProperty("operation_id") String operationId,
        String host,
        String model,
        String state,
        String status,
        long completed,
        long total,
        Double percent,
        String error,
        @JsonProperty("updated_at") Instant updatedAt) {
}
