package ai.citadel.commons.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Checks a {@code ck-} API key. Only the gateway issues keys and provides this bean; on the other services a key is
 * an invalid credential.
 */
public interface ApiKeyAuthenticator {

    /**
     * @return the key's identity (role {@link Roles#CLIENT}); fails with {@link AuthFailures#invalidCredential} for an
     *         unknown, revoked or malformed key, or with an {@code ApiException} (503, 429) when it cannot be checked
     *         now
     */
    Uni<SecurityIdentity> authenticate(String key, RoutingContext context);
}
