package ai.citadel.commons.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;

/**
 * JSON error answers for HTTP-level handlers that run before JAX-RS (filters, Vert.x failure handlers), in the
 * same envelopes as {@link ErrorMappers}.
 */
@ApplicationScoped
public class HttpErrors {

    private final ErrorBodies bodies;
    private final ObjectMapper json;

    public HttpErrors(ErrorBodies bodies, ObjectMapper json) {
        this.bodies = bodies;
        this.json = json;
    }

    /** Ends the exchange with the error; a response already started is left alone. */
    public void send(RoutingContext context, int status, String code, String message, Map<String, String> headers) {
        if (context.response().headWritten() || context.response().ended()) {
            return;
        }
        String payload;
        try {
            payload = json.writeValueAsString(bodies.body(pathOf(context), status, code, message, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an error body", e);
        }
        headers.forEach(context.response()::putHeader);
        context.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(payload);
    }

    /** The normalized path, or the raw one where Vert.x cannot normalize it (a bad percent-escape). */
    private static String pathOf(RoutingContext context) {
        try {
            return context.normalizedPath();
        } catch (IllegalArgumentException malformed) {
            return context.request().path();
        }
    }
}
