package ai.citadel.gateway.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.gateway.repository.ApiKey;
import ai.citadel.gateway.service.security.ApiKeyAuthentication;
import ai.citadel.gateway.service.security.RateLimiter;
import ai.citadel.gateway.service.security.RateLimiter.Admission;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Rate limits of the model API ({@link RateLimited} resources; docs/architecture.md#gateway-api-keys-and-rate-limits),
 * applied after the caller was authenticated ({@link ApiKeyAuthentication}) and the route's roles were checked.
 * Callers with the {@code client} role (API keys, or anyone while keys are off) are limited per key and per address;
 * Citadel's own services (the service token) are not, their own callers having been limited already.
 * <p>
 * The caller's key is kept in the routing context: {@link #apiKey(RoutingContext)}.
 * Rate-limit headers go on every limited response, 429s included ({@link Admission#headers()}).
 */
public class ApiKeyFilter {

    /** Routing-context key of the caller's {@link ApiKey}; absent when it sent none. */
    public static final String API_KEY = ApiKeyAuthentication.API_KEY;

    private final RateLimiter limiter;
    private final CurrentVertxRequest request;

    ApiKeyFilter(RateLimiter limiter, CurrentVertxRequest request) {
        this.limiter = limiter;
        this.request = request;
    }

    /** The key the caller authenticated with, for audit and token accounting. */
    public static Optional<ApiKey> apiKey(RoutingContext context) {
        return Optional.ofNullable(context.get(API_KEY));
    }

    @RateLimited
    @ServerRequestFilter
    Uni<Void> limit() {
        RoutingContext context = request.getCurrent();
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || !identity.hasRole(Roles.CLIENT)) {
            return Uni.createFrom().voidItem();
        }
        ApiKey key = identity.getAttribute(ApiKeyAuthentication.API_KEY);
        if (key != null) {
            context.put(API_KEY, key);
        }
        // a key looked up in PostgreSQL has already cost its address one request
        Admission addressAdmission = context.get(ApiKeyAuthentication.ADDRESS_ADMISSION);
        Uni<Admission> admission = addressAdmission == null
                ? limiter.admit(key, ApiKeyAuthentication.clientAddress(context))
                : limiter.admit(key, null).map(keyAdmission -> keyAdmission.and(addressAdmission));
        return admission.chain(admitted -> {
            admitted.headers().forEach(context.response()::putHeader);
            return admitted.admitted() ? Uni.createFrom().voidItem() : Uni.createFrom().failure(admitted.refusal());
        });
    }
}
