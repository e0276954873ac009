package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One call to the management service, as {@code GET /management/audit} shows it.
 *
 * @param user       OIDC subject or Citadel principal ({@code bootstrap-admin}); absent when not authenticated
 * @param roles      the caller's roles at the time
 * @param action     e.g. {@code models.pull}, {@code models.list}, {@code audit.read}
 * @param host       the Ollama host the call was aimed at, when one was named
 * @param target     the object of the action (a model name …), when there is one
 * @param status     the HTTP status answered (499: the caller left before the answer was complete)
 * @param outcome    {@code ok}, {@code partial}, {@code denied}, {@code refused}, {@code failed} or {@code abandoned}
 * @param durationMs from arrival to the end of the answer
 * @param detail     action-specific details (per-host results, the error code); never secrets
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditEntry(
        UUID id,
        @JsonProperty("created_at") Instant createdAt,
        String user,
        List<String> roles,
        String action,
        String host,
        String target,
        String method,
        String path,
        int status,
        String outcome,
        @JsonProperty("duration_ms") Integer durationMs,
        @JsonProperty("client_ip") String clientIp,
        @JsonProperty("request_id") String requestId,
        Map<String, Object> detail) {
}
