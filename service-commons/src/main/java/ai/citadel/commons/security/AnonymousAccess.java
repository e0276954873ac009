package ai.citadel.commons.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Whether a caller without a credential gets an identity anyway: only the gateway's model API with API keys switched
 * off (a developer's machine) provides this bean. Everywhere else a request without a credential is anonymous and
 * refused on every route outside the public allow-list.
 */
public interface AnonymousAccess {

    /** The identity of a caller that sent no usable credential, empty when it must be refused. */
    Optional<SecurityIdentity> identity(RoutingContext context);
}
