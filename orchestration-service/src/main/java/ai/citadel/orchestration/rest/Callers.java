package ai.citadel.orchestration.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.orchestration.domain.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller a request's identity stands for: a person by the OIDC subject ({@code sub}), a service by its principal. */
final class Callers {

    private Callers() {
    }

    static Caller of(SecurityIdentity identity) {
        String owner = identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null
                ? token.getSubject() : identity.getPrincipal().getName();
        return new Caller(owner, identity.hasRole(Roles.ADMIN));
    }
}
