package ai.citadel.commons.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Citadel's own bearer credentials (docs/architecture.md#security-model): the service token, the bootstrap admin
 * token and, on the gateway, {@code ck-} API keys. A token that looks like a JWT is left to the OIDC mechanism, which
 * runs after this one. Which routes need which role is decided by the HTTP permissions (deny by default, see
 * {@code META-INF/microprofile-config.properties}) and by each resource's {@code @RolesAllowed}/{@code @Authenticated}.
 * Tokens are compared in constant time and never logged.
 */
@ApplicationScoped
public class CitadelAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String API_KEY_PREFIX = "ck-";
    static final String SERVICE_PRINCIPAL = "citadel-service";
    static final String ADMIN_PRINCIPAL = "bootstrap-admin";
    /** Before OIDC's bearer mechanism, so Citadel's own tokens are never sent to the issuer for checking. */
    private static final int PRIORITY = DEFAULT_PRIORITY + 1000;
    static final String NO_SERVICE_TOKEN = "This service has no service token configured (CITADEL_SERVICE_TOKEN), so "
            + "it accepts OIDC access tokens only; set the same CITADEL_SERVICE_TOKEN on every Citadel service";
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

    private final Optional<byte[]> serviceToken;
    private final Optional<byte[]> adminToken;
    private final Instance<ApiKeyAuthenticator> apiKeys;
    private final Instance<AnonymousAccess> anonymous;
    private final AuthFailures failures;

    CitadelAuthenticationMechanism(AuthConfig config, Instance<ApiKeyAuthenticator> apiKeys,
                                   Instance<AnonymousAccess> anonymous, AuthFailures failures) {
        this.serviceToken = config.serviceToken().map(CitadelAuthenticationMechanism::bytes);
        this.adminToken = config.adminToken().map(CitadelAuthenticationMechanism::bytes);
        this.apiKeys = apiKeys;
        this.anonymous = anonymous;
        this.failures = failures;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = bearerToken(context.request().getHeader("Authorization"));
        if (token != null) {
            byte[] sent = bytes(token);
            if (matches(serviceToken, sent)) {
                return Uni.createFrom().item(identity(SERVICE_PRINCIPAL, Roles.SERVICE));
            }
            if (matches(adminToken, sent)) {
                return Uni.createFrom().item(identity(ADMIN_PRINCIPAL, Roles.ADMIN, Roles.OPERATOR));
            }
            if (token.startsWith(API_KEY_PREFIX)) {
                if (apiKeys.isUnsatisfied()) {
                    return Uni.createFrom().failure(AuthFailures.invalidCredential(context,
                            "API keys (ck-…) are for the gateway; this service takes the service token or an OIDC token"));
                }
                return apiKeys.get().authenticate(token, context);
            }
            if (JWT.matcher(token).matches()) {
                return Uni.createFrom().nullItem();
            }
            if (serviceToken.isEmpty() && apiKeys.isUnsatisfied()) {
                return Uni.createFrom().failure(AuthFailures.invalidCredential(context, NO_SERVICE_TOKEN));
            }
        }
        // no credential, or an OpenAI client's placeholder ("sk-…", "ollama"): anonymous unless this service says
        // otherwise
        return Uni.createFrom().item(anonymous.isResolvable()
                ? anonymous.get().identity(context).orElse(null) : null);
    }

    /** The JSON 401 for a caller without a (valid) credential, written here so it has the error envelope. */
    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        failures.challenge(context);
        return Uni.createFrom().item(true);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    static SecurityIdentity identity(String principal, String... roles) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(principal));
        for (String role : roles) {
            builder.addRole(role);
        }
        return builder.build();
    }

    /** The token of {@code Authorization: Bearer <token>}; {@code null} for none or another scheme. */
    static String bearerToken(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static boolean matches(Optional<byte[]> expected, byte[] sent) {
        return expected.isPresent() && MessageDigest.isEqual(expected.get(), sent);
    }

    private static byte[] bytes(String token) {
        return token.getBytes(StandardCharsets.UTF_8);
    }
}
