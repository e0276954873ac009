package ai.citadel.commons.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;

/**
 * Requests refused before any resource sees them get the JSON 400 of the path's envelope, not an empty body:
 * <ul>
 * <li>a request URI that is no valid URI (a bad percent-escape: {@code /v1/embeddings%ZZ}). Quarkus refuses these
 * itself, with an empty 400, before any hook of the application — unless started with
 * {@code -Dvertx.disableURIValidation=true}, which Citadel's launchers pass: then this filter, the first of all,
 * makes the same check;</li>
 * <li>what Vert.x's router refuses (no {@code Host} header).</li>
 * </ul>
 * The request is complete by then, so a kept-alive connection stays usable.
 */
@ApplicationScoped
public class MalformedRequests {

    /** Before every other filter: nothing else may see an invalid URI. */
    private static final int PRIORITY = 2000;

    private final HttpErrors errors;

    public MalformedRequests(HttpErrors errors) {
        this.errors = errors;
    }

    void registerFilter(@Observes Filters filters) {
        filters.register(this::validateUri, PRIORITY);
    }

    void registerRouterHandlers(@Observes Router router) {
        // a failure no route matched (the path cannot be normalized) …
        router.errorHandler(400, this::routerRefused);
        // … and one that Quarkus' error page would answer in its own shape
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() == 400) {
                routerRefused(context);
            } else {
                context.next();
            }
        });
    }

    /** Quarkus' own check, answered in JSON. */
    private void validateUri(RoutingContext context) {
        try {
            new URI(context.request().uri());
        } catch (URISyntaxException e) {
            errors.send(context, 400, "invalid_request", "Malformed request URI: " + e.getReason() + " at index "
                    + e.getIndex(), Map.of());
            return;
        }
        context.next();
    }

    private void routerRefused(RoutingContext context) {
        Throwable failure = context.failure();
        String reason = failure == null || failure.getMessage() == null ? "the request line or headers are malformed"
                : failure.getMessage();
        errors.send(context, 400, "invalid_request", "Malformed request: " + reason, Map.of());
    }
}
