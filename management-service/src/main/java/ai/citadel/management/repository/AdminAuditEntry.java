package ai.citadel.management.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code management.admin_audit}: one call.
 *
 * @param id         generated when the record is made, so a batch tried again is written once
 * @param createdAt  when the request arrived
 * @param userId     OIDC subject or Citadel principal; null when not authenticated
 * @param path       as the caller sent it, without the query
 * @param detailJson a JSON object, or null
 * @param clientIp   an IP address literal, or null
 */
public record AdminAuditEntry(UUID id, Instant createdAt, String userId, List<String> roles, String action,
                              String host, String target, String method, String path, int status, String outcome,
                              int durationMs, String detailJson, String clientIp, String requestId) {
}
