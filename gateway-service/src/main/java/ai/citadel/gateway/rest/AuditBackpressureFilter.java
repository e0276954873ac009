package ai.citadel.gateway.rest;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.service.audit.AuditLog;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;

/**
 * Every model-API call leaves an audit record (docs/architecture.md#audit). While the records already waiting in
 * memory fill the audit's queue, because PostgreSQL and the spool's disk are both behind, a new call is refused with
 * a 503 before it costs anything: a record that has nowhere to go is never made, instead of being lost.
 */
public class AuditBackpressureFilter {

    private final AuditLog audit;

    AuditBackpressureFilter(AuditLog audit) {
        this.audit = audit;
    }

    /** Before the rate limits ({@link ApiKeyFilter}), so a refused call is not charged to the caller's key. */
    @RateLimited
    @ServerRequestFilter(priority = Priorities.USER - 100)
    void admit() {
        if (!audit.tryAdmit()) {
            throw new ApiException(503, "audit_unavailable",
                    "The audit cannot take more records now (PostgreSQL and its spool disk are behind); retry shortly",
                    null, Map.of("Retry-After", String.valueOf(audit.retryAfterSeconds())));
        }
    }
}
