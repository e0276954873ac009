package ai.citadel.commons.rest;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.resteasy.reactive.common.util.MediaTypeHelper;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP-level mistakes in a request, answered with the JSON error of the path's envelope before any resource runs:
 * <ul>
 * <li>a version other than HTTP/1.0 and 1.1 ({@code HTTP/2.0}, {@code http/1.1}): Vert.x would answer in that
 * version and then close the connection without saying so; a 400 that says {@code Connection: close};</li>
 * <li>a {@code Transfer-Encoding} whose last coding is not {@code chunked} ({@code chunked;q=1},
 * {@code chunked, gzip}): nothing says where the body ends (RFC 9112 §6.3), and Vert.x would read it as the next
 * request; a 400 that closes the connection;</li>
 * <li>an {@code Accept} header no media range can be read from ({@code application}, {@code ;;;}): RESTEasy would
 * fail with a 500 writing the answer, after the resource did its work. An empty one states no preference.</li>
 * </ul>
 * And an HTTP/1.0 answer streamed without a {@code Content-Length} ends with the connection, as HTTP/1.0 has no
 * other way to end it: Vert.x would keep a keep-alive connection open after it, and the client wait forever.
 * What the router refuses with a bare status before any route runs — a request target that is no path
 * ({@code *}, {@code v1/models}) is a 404 — gets the JSON error too, not Quarkus' empty answer.
 */
@ApplicationScoped
public class ProtocolChecks {

    /** After {@link RequestIds} and {@link SecurityHeaders}, so these refusals carry their headers too. */
    private static final int PRIORITY = 800;
    /** After the security failure handler (the first), before Quarkus' own, which answers a bare status empty. */
    private static final int FAILURE_ORDER = Integer.MIN_VALUE + 1;
    private static final Map<String, String> CLOSE = Map.of("Connection", "close");

    private final HttpErrors errors;

    public ProtocolChecks(HttpErrors errors) {
        this.errors = errors;
    }

    void registerFilter(@Observes Filters filters) {
        filters.register(this::check, PRIORITY);
    }

    void registerFailureHandler(@Observes Router router) {
        router.route().order(FAILURE_ORDER).failureHandler(this::bareStatus);
    }

    private void bareStatus(RoutingContext context) {
        if (context.failure() != null) {
            context.next();
            return;
        }
        int status = context.statusCode();
        String reason = HttpResponseStatus.valueOf(status).reasonPhrase();
        errors.send(context, status, ErrorMappers.codeOf(reason),
                status == 404 ? "No resource at " + abbreviated(context.request().uri()) : reason, Map.of());
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() == null) {
            errors.send(context, 400, "invalid_request", "Unsupported HTTP version; send HTTP/1.1", CLOSE);
            return;
        }
        if (request.version() == HttpVersion.HTTP_1_0) {
            closeAfterAnswerWithoutLength(context);
        }
        // RFC 9112 §3.2: an HTTP/1.1 request without Host, or with a malformed one, is refused. Vert.x's router does
        // so itself unless proxy address forwarding is on (it then puts an empty Host in the place of a missing one,
        // and lets a malformed one through to break the URIs built from it); so the check is ours. A blank Host is
        // legal only for a request target without authority, which no client of these services sends.
        String host = request.headers().get("Host");
        if (request.version() == HttpVersion.HTTP_1_1 && (host == null || host.isBlank())) {
            errors.send(context, 400, "invalid_request", "Malformed request: an HTTP/1.1 request needs a Host header",
                    Map.of());
            return;
        }
        if (host != null && !host.isBlank() && HostAndPort.parseAuthority(host, -1) == null) {
            errors.send(context, 400, "invalid_request", "Malformed Host header: " + abbreviated(host), Map.of());
            return;
        }
        List<String> encodings = request.headers().getAll("Transfer-Encoding");
        if (!encodings.isEmpty() && !endsChunked(String.join(",", encodings))) {
            errors.send(context, 400, "invalid_request", "Transfer-Encoding " + String.join(", ", encodings)
                    + " does not end with chunked, so the body has no length; send chunked or a Content-Length",
                    CLOSE);
            return;
        }
        List<String> accepts = request.headers().getAll("Accept");
        String accept = String.join(",", accepts);
        if (!accepts.isEmpty() && accept.isBlank()) {
            request.headers().remove("Accept");
        } else if (!accepts.isEmpty() && !readable(accept)) {
            errors.send(context, 400, "invalid_request", "Malformed Accept header: " + abbreviated(accept)
                    + "; send media ranges such as application/json", Map.of());
            return;
        }
        context.next();
    }

    private static void closeAfterAnswerWithoutLength(RoutingContext context) {
        HttpServerResponse response = context.response();
        context.addHeadersEndHandler(headers -> {
            if (!response.headers().contains("Content-Length")) {
                response.putHeader("Connection", "close");
                context.addEndHandler(end -> context.request().connection().close());
            }
        });
    }

    /** Chunked exactly once, and last, without parameters (RFC 9112 §7). */
    private static boolean endsChunked(String encodings) {
        List<String> codings = List.of(encodings.toLowerCase(Locale.ROOT).split(","));
        return codings.getLast().trim().equals("chunked")
                && codings.stream().filter(coding -> coding.trim().startsWith("chunked")).count() == 1;
    }

    private static boolean readable(String accept) {
        try {
            MediaTypeHelper.parseHeader(accept);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String abbreviated(String value) {
        return value.length() > 100 ? value.substring(0, 100) + "..." : value;
    }
}
