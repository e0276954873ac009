package ai.citadel.management.rest;

import ai.citadel.commons.audit.AuditAdmission;
import ai.citadel.commons.audit.AuditedRequests;
import ai.citadel.commons.rest.HttpErrors;
import ai.citadel.commons.rest.RequestIds;
import ai.citadel.management.service.audit.AdminAudit;
import ai.citadel.management.service.audit.AdminCall;
import ai.citadel.management.service.audit.ServedCall;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.List;

/**
 * Every call leaves a row in {@code management.admin_audit} (docs/management.md#audit): a Vert.x filter, so that the
 * calls refused before any resource runs (401, 404, 413 …) are audited too. The record is made when the exchange
 * ends, from the request's {@link AdminCall} (which the resource layer fills in, see {@link AdminAction}), and
 * queued off the request path by {@link AdminAudit}; a call whose record would find no place is refused with a 503
 * before it starts.
 */
@ApplicationScoped
public class AdminAuditFilter {

    /** After {@link RequestIds} (1000), before the early refusals: 413 (900), protocol checks (800), security. */
    private static final int PRIORITY = 950;

    private final AdminAudit audit;
    private final HttpErrors errors;

    AdminAuditFilter(AdminAudit audit, HttpErrors errors) {
        this.audit = audit;
        this.errors = errors;
    }

    void register(@Observes Filters filters) {
        filters.register(this::admit, PRIORITY);
    }

    private void admit(RoutingContext context) {
        if (!audit.audits(AuditedRequests.normalizedPath(context))) {
            context.next();
            return;
        }
        AdminCall call = AdminCall.of(context);
        if (AuditAdmission.admit(context, audit.queue(), errors, ended -> record(ended, call))) {
            context.next();
        }
    }

    private void record(RoutingContext context, AdminCall call) {
        long elapsedNanos = System.nanoTime() - RequestIds.arrivalNanos(context);
        List<String> roles = AuditedRequests.identity(context).map(SecurityIdentity::getRoles)
                .map(set -> set.stream().sorted().toList()).orElse(List.of());
        audit.record(call, new ServedCall(Instant.now().minusNanos(elapsedNanos), AuditedRequests.user(context),
                roles, context.request().method().name(), context.request().path(),
                context.response().ended() ? context.response().getStatusCode() : ServedCall.CLIENT_CLOSED,
                (int) Math.min(Integer.MAX_VALUE, elapsedNanos / 1_000_000), AuditedRequests.clientIp(context),
                RequestIds.of(context)));
    }
}
