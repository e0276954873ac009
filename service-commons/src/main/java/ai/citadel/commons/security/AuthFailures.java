package ai.citadel.commons.security;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.rest.ErrorBodies;
import ai.citadel.commons.rest.HttpErrors;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * Refusals of the security layer as JSON in the path's error envelope (docs/architecture.md#errors), counted in
 * {@code citadel_auth_failures_total{reason=missing|invalid|forbidden}}: from the HTTP permission checks (a Vert.x
 * failure handler), from the authentication mechanism's challenge, and from JAX-RS ({@link SecurityErrorMappers}).
 */
@ApplicationScoped
public class AuthFailures {

    static final String MISSING = "Missing credential: send 'Authorization: Bearer <token>' (an API key ck-… on the "
            + "gateway, an OIDC access token, or the service token between Citadel services)";
    static final String INVALID = "Invalid credential: not an API key (ck-…) of this gateway, a valid OIDC access "
            + "token or the service token (unknown, expired, revoked, or from another issuer or audience)";
    static final String FORBIDDEN = "Your credential does not carry a role this route needs";

    /** Routing-context and exception attribute key of the reason a sent credential was refused. */
    private static final String REFUSAL = "citadel.auth.refusal";

    private final HttpErrors errors;
    private final ErrorBodies bodies;
    private final MeterRegistry registry;

    AuthFailures(HttpErrors errors, ErrorBodies bodies, MeterRegistry registry) {
        this.errors = errors;
        this.bodies = bodies;
        this.registry = registry;
        for (String reason : new String[]{"missing", "invalid", "forbidden"}) {
            counter(reason);
        }
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::handle);
    }

    private void handle(RoutingContext context) {
        switch (context.failure()) {
            case AuthenticationFailedException invalid -> unauthenticated(context, refusal(invalid));
            case UnauthorizedException missing -> unauthenticated(context, null);
            case ForbiddenException forbidden -> send(context, forbidden(context.normalizedPath()));
            case ApiException api -> errors.send(context, api.status(), api.code(), api.getMessage(), api.headers());
            case null, default -> context.next();
        }
    }

    /**
     * A credential that was sent but is not valid. The message is shown to the caller, so it must name no secret; it is
     * also kept in the request, for the challenge Quarkus may send instead of failing the route.
     */
    public static AuthenticationFailedException invalidCredential(RoutingContext context, String message) {
        context.put(REFUSAL, message);
        return new AuthenticationFailedException(message, Map.of(REFUSAL, message));
    }

    /** Why a credential was refused, as the caller may read it. */
    static String refusal(AuthenticationFailedException failure) {
        String message = failure.getAttribute(REFUSAL);
        return message == null ? INVALID : message;
    }

    /** The 401 of a challenge: for a refused credential when one was sent, else for a missing one. */
    void challenge(RoutingContext context) {
        String refused = context.get(REFUSAL);
        boolean sent = refused != null || context.request().getHeader("Authorization") != null;
        unauthenticated(context, refused != null ? refused : sent ? INVALID : null);
    }

    /** @param invalidMessage why the credential sent was refused; {@code null} when none was sent */
    void unauthenticated(RoutingContext context, String invalidMessage) {
        send(context, unauthenticated(context.normalizedPath(), invalidMessage));
    }

    /** A refusal as JAX-RS answers it ({@link SecurityErrorMappers}). */
    Response response(String path, Refusal refusal) {
        Response.ResponseBuilder response = Response.fromResponse(
                bodies.response(path, refusal.status(), refusal.code(), refusal.message(), null));
        refusal.headers().forEach(response::header);
        return response.build();
    }

    /** Counted once here, whichever layer answers it. */
    Refusal unauthenticated(String path, String invalidMessage) {
        counter(invalidMessage == null ? "missing" : "invalid").increment();
        return new Refusal(401, unauthenticatedCode(path), invalidMessage == null ? MISSING : invalidMessage,
                Map.of("WWW-Authenticate", "Bearer"));
    }

    Refusal forbidden(String path) {
        counter("forbidden").increment();
        return new Refusal(403, "forbidden", FORBIDDEN, Map.of());
    }

    private void send(RoutingContext context, Refusal refusal) {
        errors.send(context, refusal.status(), refusal.code(), refusal.message(), refusal.headers());
    }

    /** OpenAI's code on the OpenAI-compatible paths, so its clients raise their AuthenticationError. */
    private String unauthenticatedCode(String path) {
        return bodies.isOpenAiPath(path) ? "invalid_api_key" : "unauthenticated";
    }

    /** What a caller refused by the security layer is told. */
    record Refusal(int status, String code, String message, Map<String, String> headers) {
    }

    private Counter counter(String reason) {
        return Counter.builder("citadel_auth_failures_total")
                .description("Requests refused for a missing or invalid credential, or a role they lack")
                .tag("reason", reason).register(registry);
    }
}
