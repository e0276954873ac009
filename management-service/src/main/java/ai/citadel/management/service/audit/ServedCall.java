package ai.citadel.management.service.audit;

import java.time.Instant;
import java.util.List;

/**
 * How one call to the management service went, as the HTTP layer saw it.
 *
 * @param arrivedAt when the request arrived
 * @param userId    OIDC subject or Citadel principal; null when not authenticated
 * @param roles     the caller's roles; empty when not authenticated
 * @param path      as the caller sent it, without the query
 * @param status    the HTTP status answered; 499 when the caller left before the answer was complete
 * @param clientIp  an IP address literal, or null
 */
public record ServedCall(Instant arrivedAt, String userId, List<String> roles, String method, String path,
                         int status, int durationMs, String clientIp, String requestId) {

    /** The caller closed the connection before the answer was complete (nginx's code for it). */
    public static final int CLIENT_CLOSED = 499;
}
