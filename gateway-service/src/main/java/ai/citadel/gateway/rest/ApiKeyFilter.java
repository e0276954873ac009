package ai.citadel.gateway.rest;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.rest.HttpErrors;
import ai.citadel.gateway.config.SecurityConfig;
import ai.citadel.gateway.repository.ApiKey;
import ai.citadel.gateway.service.ApiKeyService;
import ai.citadel.gateway.service.RateLimiter;
import ai.citadel.gateway.service.RateLimiter.Admission;
import ai.citadel.gateway.service.RateLimiter.Scope;
import ai.citadel.gateway.service.RateLimiter.Window;
import ai.citadel.gateway.service.SecurityMetrics;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * API keys and rate limits for {@code /v1/*} and {@code /api/*} (DESIGN.md §4 security), at the HTTP layer so
 * every model endpoint, present and future, is covered before its body is even parsed. Operations endpoints
 * (health, metrics, OpenAPI) and {@code /admin/*} (OIDC) are not touched.
 * <p>
 * The caller's key is kept in the routing context: {@link #apiKey(RoutingContext)}, {@link #keyId(RoutingContext)}.
 * Rate-limit headers ({@code X-RateLimit-Limit/Remaining/Reset} for the tightest request limit,
 * {@code X-RateLimit-*-Tokens} for a token limit) go on every limited response, 429s included.
 */
@ApplicationScoped
public class ApiKeyFilter {

    /** Routing-context key of the caller's {@link ApiKey}; absent when it sent none. */
    public static final String API_KEY = "citadel.api-key";
    /** After {@code RequestIds} and {@code SecurityHeaders}, so refusals carry both. */
    private static final int PRIORITY = 800;

    private final ApiKeyService keys;
    private final RateLimiter limiter;
    private final SecurityMetrics metrics;
    private final HttpErrors errors;
    private final boolean required;

    ApiKeyFilter(ApiKeyService keys, RateLimiter limiter, SecurityMetrics metrics, HttpErrors errors,
                 SecurityConfig config) {
        this.keys = keys;
        this.limiter = limiter;
        this.metrics = metrics;
        this.errors = errors;
        this.required = config.apiKeysRequired();
    }

    /** The key the caller authenticated with, for audit and token accounting. */
    public static Optional<ApiKey> apiKey(RoutingContext context) {
        return Optional.ofNullable(context.get(API_KEY));
    }

    /** The id of the caller's key ({@code gateway.api_keys.id}), {@code null} when it sent none. */
    public static UUID keyId(RoutingContext context) {
        return apiKey(context).map(ApiKey::id).orElse(null);
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext context) {
        // CORS preflights carry no credentials by design
        if (!isModelApi(context.normalizedPath()) || context.request().method() == HttpMethod.OPTIONS) {
            context.next();
            return;
        }
        String authorization = context.request().getHeader("Authorization");
        String secret = bearerKey(authorization);
        if (secret == null && required) {
            if (authorization == null) {
                refuseUnauthenticated(context, "missing", "Missing API key: send it as "
                        + "'Authorization: Bearer ck-…' (keys come from /admin/api-keys)");
            } else {
                refuseUnauthenticated(context, "invalid", "Invalid API key: Citadel keys start with 'ck-'");
            }
            return;
        }
        // the body keeps arriving while Redis and PostgreSQL are asked; hold it for the endpoint
        context.request().pause();
        Context requestContext = Vertx.currentContext();
        Uni<Optional<ApiKey>> key = secret == null ? Uni.createFrom().item(Optional.empty())
                : keys.authenticate(secret);
        key.chain(found -> {
                    if (secret != null && found.isEmpty()) {
                        return Uni.createFrom().failure(new InvalidKey());
                    }
                    found.ifPresent(k -> context.put(API_KEY, k));
                    return limiter.admit(found.orElse(null), clientIp(context));
                })
                .subscribe().with(
                        admission -> requestContext.runOnContext(v -> resumingAfter(context,
                                () -> proceed(context, admission))),
                        failure -> requestContext.runOnContext(v -> resumingAfter(context,
                                () -> fail(context, failure))));
    }

    /** The endpoint has installed its body handlers (or a refusal was sent and the rest is drained). */
    private static void resumingAfter(RoutingContext context, Runnable answer) {
        try {
            answer.run();
        } finally {
            context.request().resume();
        }
    }

    private void proceed(RoutingContext context, Admission admission) {
        putHeaders(context.response(), admission);
        Window refused = admission.refusedBy();
        if (refused == null) {
            context.next();
            return;
        }
        String seconds = Long.toString(resetSeconds(refused));
        errors.send(context, 429, "rate_limit_exceeded", "Rate limit reached: " + refused.limit() + " "
                        + (refused.scope().unit.equals("rpm") ? "requests" : "tokens") + " per minute per "
                        + (refused.scope().owner.equals("ip") ? "client address" : "API key")
                        + "; retry in " + seconds + " s",
                Map.of("Retry-After", seconds));
    }

    private void fail(RoutingContext context, Throwable failure) {
        switch (failure) {
            case InvalidKey invalid -> refuseUnauthenticated(context, "invalid",
                    "Invalid API key: unknown or revoked");
            case ApiException api -> errors.send(context, api.status(), api.code(), api.getMessage(), api.headers());
            default -> {
                Log.errorf(failure, "API key check failed on %s", context.normalizedPath());
                errors.send(context, 500, "internal_error", "Internal server error; the request id in X-Request-Id "
                        + "identifies it in the logs", Map.of());
            }
        }
    }

    private void refuseUnauthenticated(RoutingContext context, String reason, String message) {
        metrics.authFailure(reason);
        errors.send(context, 401, "invalid_api_key", message, Map.of("WWW-Authenticate", "Bearer"));
    }

    /** The tightest request limit as the standard headers; the token limit, if any, as {@code -Tokens}. */
    private static void putHeaders(HttpServerResponse response, Admission admission) {
        Map<String, Window> shown = new HashMap<>();
        admission.windows().stream().filter(w -> w.scope() != Scope.KEY_TPM)
                .min(Comparator.comparingLong(Window::remaining))
                .ifPresent(w -> shown.put("", w));
        admission.windows().stream().filter(w -> w.scope() == Scope.KEY_TPM).findFirst()
                .ifPresent(w -> shown.put("-Tokens", w));
        if (admission.refusedBy() != null) {
            shown.put(admission.refusedBy().scope() == Scope.KEY_TPM ? "-Tokens" : "", admission.refusedBy());
        }
        shown.forEach((suffix, window) -> response
                .putHeader("X-RateLimit-Limit" + suffix, Long.toString(window.limit()))
                .putHeader("X-RateLimit-Remaining" + suffix, Long.toString(window.remaining()))
                .putHeader("X-RateLimit-Reset" + suffix, Long.toString(resetSeconds(window))));
    }

    /** Seconds until the window resets, rounded up so a client that waits that long is admitted. */
    private static long resetSeconds(Window window) {
        return Math.max(1, (window.resetIn().toMillis() + 999) / 1000);
    }

    static boolean isModelApi(String path) {
        return path != null && (path.startsWith("/v1/") || path.equals("/v1") || path.startsWith("/api/"));
    }

    /** A {@code ck-} bearer token; other schemes and tokens (OpenAI clients' placeholders) count as none. */
    static String bearerKey(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.startsWith(ApiKeyService.SECRET_PREFIX) ? token : null;
    }

    private static String clientIp(RoutingContext context) {
        // with quarkus.http.proxy.proxy-address-forwarding on, Quarkus has put the forwarded client here
        SocketAddress remote = context.request().remoteAddress();
        return remote == null ? null : remote.hostAddress() != null ? remote.hostAddress() : remote.host();
    }

    /** An unknown or revoked key. */
    private static final class InvalidKey extends RuntimeException {
        InvalidKey() {
            super(null, null, false, false);
        }
    }
}
