package ai.citadel.gateway.service.security;

import ai.citadel.commons.security.AnonymousAccess;
import ai.citadel.commons.security.ApiKeyAuthenticator;
import ai.citadel.commons.security.AuthFailures;
import ai.citadel.commons.security.Roles;
import ai.citadel.commons.text.Sha256;
import ai.citadel.gateway.config.SecurityConfig;
import ai.citadel.gateway.repository.ApiKey;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The gateway's callers: {@code ck-} API keys, and with keys switched off ({@code citadel.security.api-keys-required
 * =false}, a developer's machine) callers without a key. A key is refused on its format before anything is asked, a
 * key found unknown is remembered for a while, and a key not already trusted costs its address one request of the
 * per-address limit before PostgreSQL is asked, so guessing keys cannot load the database.
 */
@ApplicationScoped
public class ApiKeyAuthentication implements ApiKeyAuthenticator, AnonymousAccess {

    /** Security-identity attribute holding the caller's {@link ApiKey}. */
    public static final String API_KEY = "citadel.api-key";
    /** Routing-context key of the per-address admission made before a key lookup (the filter does not repeat it). */
    public static final String ADDRESS_ADMISSION = "citadel.address-admission";
    /** What {@link ApiKeyService#create} issues: {@code ck-} and 32 random bytes in unpadded URL-safe Base64. */
    private static final Pattern KEY_FORMAT = Pattern.compile("ck-[A-Za-z0-9_-]{43}");
    private static final SecurityIdentity ANONYMOUS_CLIENT = QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal("anonymous")).addRole(Roles.CLIENT).build();

    private final ApiKeyService keys;
    private final RateLimiter limiter;
    private final boolean required;
    private final Cache<String, Boolean> refused;

    public ApiKeyAuthentication(ApiKeyService keys, RateLimiter limiter, SecurityConfig config) {
        this.keys = keys;
        this.limiter = limiter;
        this.required = config.apiKeysRequired();
        this.refused = Caffeine.newBuilder()
                .maximumSize(config.refusedKeyCacheSize())
                .expireAfterWrite(config.refusedKeyCacheTtl())
                .build();
    }

    void warnWhenOpen(@Observes StartupEvent started) {
        if (!required && LaunchMode.current() == LaunchMode.NORMAL) {
            Log.warn("API keys are NOT required (CITADEL_API_KEYS_REQUIRED=false): anyone who reaches this gateway "
                    + "can use its models; bind it to 127.0.0.1 or require keys");
        }
    }

    @Override
    public Optional<SecurityIdentity> identity(RoutingContext context) {
        return required ? Optional.empty() : Optional.of(ANONYMOUS_CLIENT);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(String secret, RoutingContext context) {
        if (!KEY_FORMAT.matcher(secret).matches()) {
            return Uni.createFrom().failure(AuthFailures.invalidCredential(context,
                    "Invalid API key: Citadel keys are 'ck-' followed by 43 characters"));
        }
        String hash = Sha256.hex(secret);
        if (refused.getIfPresent(hash) != null) {
            return Uni.createFrom().failure(unknownKey(context));
        }
        Optional<ApiKey> trusted = keys.trusted(hash);
        if (trusted.isPresent()) {
            return Uni.createFrom().item(identity(trusted.get()));
        }
        return limiter.admit(null, clientAddress(context))
                .chain(admission -> {
                    if (!admission.admitted()) {
                        return Uni.createFrom().failure(admission.refusal());
                    }
                    context.put(ADDRESS_ADMISSION, admission);
                    return keys.authenticate(hash);
                })
                .map(found -> identity(found.orElseThrow(() -> {
                    refused.put(hash, Boolean.TRUE);
                    return unknownKey(context);
                })));
    }

    /** The address the request came from; Quarkus puts the forwarded client there behind a trusted proxy. */
    public static String clientAddress(RoutingContext context) {
        SocketAddress remote = context.request().remoteAddress();
        return remote == null ? null : remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }

    private static SecurityIdentity identity(ApiKey key) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("api-key:" + key.id()))
                .addRole(Roles.CLIENT)
                .addAttribute(API_KEY, key)
                .build();
    }

    private static AuthenticationFailedException unknownKey(RoutingContext context) {
        return AuthFailures.invalidCredential(context, "Invalid API key: unknown or revoked");
    }
}
