package ai.citadel.management.rest;

import ai.citadel.commons.audit.AuditedRequests;
import ai.citadel.commons.security.Roles;
import ai.citadel.management.service.audit.AdminCall;
import ai.citadel.management.service.security.UserRateLimiter;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * For every call a management resource takes: names its action, host and target on the audit record (from
 * {@link AdminAction} and the {@code host} query parameter), then admits it against the caller's rate limit (people
 * and the bootstrap admin; not other Citadel services).
 */
public class AdminActionFilter {

    private final UserRateLimiter rateLimiter;
    private final SecurityIdentity identity;

    AdminActionFilter(UserRateLimiter rateLimiter, SecurityIdentity identity) {
        this.rateLimiter = rateLimiter;
        this.identity = identity;
    }

    @ServerRequestFilter
    public Uni<Void> admit(ResourceInfo resource, UriInfo uri, RoutingContext context) {
        AdminCall call = AdminCall.of(context);
        AdminAction action = resource.getResourceMethod() == null ? null
                : resource.getResourceMethod().getAnnotation(AdminAction.class);
        if (action != null) {
            call.action(action.value());
            if (!action.target().isEmpty()) {
                call.target(uri.getPathParameters().getFirst(action.target()));
            }
        }
        String host = uri.getQueryParameters().getFirst("host");
        if (host != null && !host.isEmpty()) {
            call.host(host);
        }
        // other Citadel services are not limited, as on the gateway: their callers are
        if (identity.isAnonymous() || identity.hasRole(Roles.SERVICE)) {
            return Uni.createFrom().voidItem();
        }
        return rateLimiter.admit(AuditedRequests.user(identity));
    }
}
