package ai.citadel.testing.embedding;

import ai.citadel.testing.ApiErrors;
import ai.citadel.testing.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The embedding service's error bodies, which depend on the path as in every Citadel service: OpenAI's envelope
 * {@code {"error":{"message","type","param","code"}}} on {@code /v1/*}, Citadel's
 * {@code {"error":{"code","message","details":{"param"}}}} everywhere else.
 */
final class EmbeddingServiceErrors implements ApiErrors {

    static final EmbeddingServiceErrors INSTANCE = new EmbeddingServiceErrors();

    private EmbeddingServiceErrors() {
    }

    @Override
    public void send(RoutingContext ctx, int status, String message) {
        send(ctx, status, status >= 500 ? "internal_error" : "bad_request", message, null);
    }

    static void send(RoutingContext ctx, int status, String code, String message, String param) {
        ObjectNode body = Json.object();
        ObjectNode error = body.putObject("error");
        if (ctx.normalizedPath().startsWith("/v1/")) {
            error.put("message", message).put("type", openAiType(status)).put("param", param).put("code", code);
        } else {
            error.put("code", code).put("message", message);
            if (param != null) {
                error.putObject("details").put("param", param);
            }
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.write(body));
    }

    /** As service-commons' ErrorBodies. */
    private static String openAiType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
