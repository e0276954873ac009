package ai.citadel.gateway.rest;

import ai.citadel.commons.rest.ErrorBodies;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** JSON bodies for the OIDC refusals on {@code /admin/*} (DESIGN.md §8: every 4xx body is JSON). */
public class SecurityErrorMappers {

    private final ErrorBodies bodies;

    public SecurityErrorMappers(ErrorBodies bodies) {
        this.bodies = bodies;
    }

    /** No token, or one that is expired, forged or from another issuer. */
    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class},
            priority = Priorities.USER - 1)
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(bodies.response(uri.getPath(), 401, "unauthenticated",
                        "Sign in: send an OIDC access token as 'Authorization: Bearer …'", null))
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper(value = ForbiddenException.class, priority = Priorities.USER - 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return bodies.response(uri.getPath(), 403, "forbidden", "This needs the role 'admin'", null);
    }
}
