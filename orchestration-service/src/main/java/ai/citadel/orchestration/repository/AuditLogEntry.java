package ai.citadel.orchestration.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code orchestration.audit_logs}: one API call.
 *
 * @param id         generated when the record is made, so a batch tried again is written once
 * @param createdAt  when the request arrived
 * @param userId     the caller's OIDC subject or Citadel principal; null when it was not authenticated
 * @param path       as the caller sent it, without the query
 * @param status     the HTTP status answered; 499 when the caller hung up before the answer was complete
 * @param clientIp   an IP address literal, or null
 * @param bodySha256 lower-case hex SHA-256 of the request body; null when there was none, or it was not read
 */
public record AuditLogEntry(UUID id, Instant createdAt, String userId, String method, String path, int status,
                            int latencyMs, String clientIp, String requestId, String bodySha256) {
}
