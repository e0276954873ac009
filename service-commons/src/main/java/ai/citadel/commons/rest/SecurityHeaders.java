package ai.citadel.commons.rest;

import ai.citadel.commons.config.HttpConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Browser-hardening headers on every response of every service, REST or not, errors included; and a JSON 413
 * for a declared body ({@code Content-Length}) over {@code quarkus.http.limits.max-body-size}, answered before the
 * body is read. A chunked body without a length that grows past the limit is still cut off by RESTEasy Reactive
 * while it reads, with its own empty-bodied 413 (it writes the response itself, below any hook).
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CSP = "default-src 'none'; frame-ancestors 'none'";
    /** After {@link RequestIds}, so even this early 413 carries the request id. */
    private static final int PRIORITY = 900;

    private final List<String> cspExempt;
    private final long maxBodyBytes;
    private final HttpErrors errors;

    SecurityHeaders(HttpConfig config, HttpErrors errors,
                    @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.cspExempt = config.cspExemptPathPrefixes();
        this.errors = errors;
        this.maxBodyBytes = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void register(@Observes Filters filters) {
        filters.register(this::apply, PRIORITY);
    }

    private void apply(RoutingContext context) {
        HttpServerResponse response = context.response();
        response.putHeader("X-Content-Type-Options", "nosniff");
        response.putHeader("X-Frame-Options", "DENY");
        response.putHeader("Referrer-Policy", "no-referrer");
        String path = context.normalizedPath();
        if (cspExempt.stream().noneMatch(path::startsWith)) {
            response.putHeader("Content-Security-Policy", CSP);
        }
        long declared = declaredLength(context);
        if (declared > maxBodyBytes) {
            // the body is never read, so the connection cannot be reused
            errors.send(context, 413, "request_too_large", tooLarge(declared), Map.of("Connection", "close"));
            return;
        }
        context.next();
    }

    private String tooLarge(long declared) {
        return "The request body of " + declared + " bytes exceeds the limit of " + maxBodyBytes + " bytes";
    }

    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
