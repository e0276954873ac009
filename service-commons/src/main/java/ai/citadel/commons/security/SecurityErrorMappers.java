package ai.citadel.commons.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Security refusals raised inside JAX-RS ({@code @RolesAllowed}, {@code @Authenticated}) as JSON envelopes. */
public class SecurityErrorMappers {

    private final AuthFailures failures;

    public SecurityErrorMappers(AuthFailures failures) {
        this.failures = failures;
    }

    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class},
            priority = Priorities.USER - 1)
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        String invalid = e instanceof AuthenticationFailedException failed ? AuthFailures.refusal(failed) : null;
        return failures.response(uri.getPath(), failures.unauthenticated(uri.getPath(), invalid));
    }

    @ServerExceptionMapper(value = ForbiddenException.class, priority = Priorities.USER - 1)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return failures.response(uri.getPath(), failures.forbidden(uri.getPath()));
    }
}
