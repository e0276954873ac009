package ai.citadel.testing.ollama;

import ai.citadel.testing.ApiErrors;
import ai.citadel.testing.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Ollama's error body, {@code {"error": "..."}}, and its exact messages. The messages follow Ollama's server source
 * (server/routes.go): most handlers say {@code model 'X' not found}; the embedding handlers reach the scheduler first
 * and say {@code model "X" not found, try pulling it first}.
 */
final class OllamaErrors implements ApiErrors {

    static final OllamaErrors INSTANCE = new OllamaErrors();
    static final String JSON = "application/json; charset=utf-8";

    private OllamaErrors() {
    }

    @Override
    public void send(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Json.write(body(message)));
    }

    static ObjectNode body(String message) {
        return Json.object().put("error", message);
    }

    /** /api/chat, /api/generate, /api/show, /api/delete. */
    static String modelNotFound(String requested) {
        return "model '" + requested + "' not found";
    }

    /** /api/embed, /api/embeddings (Go's %q quoting). */
    static String modelNotFoundTryPulling(String requested) {
        return "model \"" + requested.replace("\\", "\\\\").replace("\"", "\\\"") + "\" not found, try pulling it first";
    }

    static String doesNotSupport(String requested, String capability) {
        return "\"" + requested + "\" does not support " + capability;
    }
}
