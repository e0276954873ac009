package ai.citadel.commons.rest;

import ai.citadel.commons.config.HttpConfig;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Browser-hardening headers on every response of every service, REST or not, errors included; and a JSON 413
 * for a body over {@code quarkus.http.limits.max-body-size}: a declared one ({@code Content-Length}) before it is
 * read, a chunked one as soon as it grows past the limit. RESTEasy Reactive would cut a chunked body off itself,
 * with an empty 413 written below any hook, so a chunked body of a caller let in is read here first and handed
 * to RESTEasy whole.
 */
@ApplicationScoped
public class SecurityHeaders {

    static final String CSP = "default-src 'none'; frame-ancestors 'none'";
    /** After {@link RequestIds}, so even this early 413 carries the request id. */
    private static final int PRIORITY = 900;
    /** After authentication and authorization (200, 100): a caller refused there never gets a body buffered. */
    private static final int CHUNKED_BODY_PRIORITY = 90;
    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    /** The rest of a refused body is never read, so the connection cannot be reused. */
    private static final Map<String, String> CLOSE = Map.of("Connection", "close");

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
        filters.register(this::readChunkedBody, CHUNKED_BODY_PRIORITY);
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
            errors.send(context, 413, "request_too_large", "The request body of " + declared + " bytes exceeds "
                    + limit(), CLOSE);
            return;
        }
        context.next();
    }

    private void readChunkedBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!request.headers().contains("Transfer-Encoding") || !BODY_METHODS.contains(request.method())
                || request.isEnded()) {
            context.next();
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            context.response().writeContinue();
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (context.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                errors.send(context, 413, "request_too_large", "The chunked request body exceeds " + limit(), CLOSE);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            if (!context.response().ended()) {
                context.setBody(body);
                context.next();
            }
        });
        request.resume();
    }

    private String limit() {
        return "the limit of " + maxBodyBytes + " bytes";
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
