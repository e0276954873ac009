package ai.citadel.orchestration.service.audit;

import java.time.Instant;

/**
 * What the audit keeps of one API call, never its body.
 *
 * @param arrivedAt  when the request arrived
 * @param userId     the caller's OIDC subject or Citadel principal; null when it was not authenticated
 * @param path       as the caller sent it, without the query
 * @param status     the HTTP status answered
 * @param clientIp   an IP address literal, or null
 * @param bodySha256 lower-case hex SHA-256 of the request body; null when there was none, or it was not read
 */
public record ApiCall(Instant arrivedAt, String userId, String method, String path, int status, int latencyMs,
                      String clientIp, String requestId, String bodySha256) {
}
