package ai.citadel.testing.openai;

import ai.citadel.testing.ApiErrors;
import ai.citadel.testing.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * The OpenAI error envelope {@code {"error":{"message","type","param","code"}}}, with the type and code OpenAI uses
 * for each status (429: {@code requests}/{@code rate_limit_exceeded}; 5xx: {@code server_error}; 401:
 * {@code invalid_api_key}; other 4xx: {@code invalid_request_error}).
 */
final class OpenAiErrors implements ApiErrors {

    static final OpenAiErrors INSTANCE = new OpenAiErrors();
    static final String JSON = "application/json";

    private OpenAiErrors() {
    }

    @Override
    public void send(RoutingContext ctx, int status, String message) {
        send(ctx, status, envelope(status, message));
    }

    static void send(RoutingContext ctx, int status, ObjectNode envelope) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(Json.write(envelope));
    }

    static ObjectNode envelope(int status, String message) {
        String type = status == 429 ? "requests" : status >= 500 ? "server_error" : "invalid_request_error";
        String code = switch (status) {
            case 401 -> "invalid_api_key";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
        return envelope(message, type, null, code);
    }

    static ObjectNode envelope(String message, String type, String param, String code) {
        ObjectNode error = Json.object();
        error.putObject("error")
                .put("message", message)
                .put("type", type)
                .put("param", param)
                .put("code", code);
        return error;
    }

    static void modelNotFound(RoutingContext ctx, String model) {
        send(ctx, 404, envelope("The model `" + model + "` does not exist.", "invalid_request_error", "model",
                "model_not_found"));
    }

    static void invalidRequest(RoutingContext ctx, String message, String param) {
        send(ctx, 400, envelope(message, "invalid_request_error", param, null));
    }
}
