package ai.citadel.commons.rest;

import ai.citadel.commons.config.ErrorConfig;
import ai.citadel.model.error.ErrorResponse;
import ai.citadel.model.openai.OpenAiErrorResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds error responses in the envelope the request path calls for (docs/architecture.md#errors): OpenAI's on the
 * OpenAI-compatible paths, Citadel's everywhere else.
 */
@ApplicationScoped
public class ErrorBodies {

    private static final Pattern MATRIX_PARAMETERS = Pattern.compile(";[^/]*");

    private final ErrorConfig config;

    public ErrorBodies(ErrorConfig config) {
        this.config = config;
    }

    /**
     * @param code  stable machine-readable code, e.g. {@code invalid_json}
     * @param param the request field at fault, or {@code null}
     */
    public Response response(String path, int status, String code, String message, String param) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(path, status, code, message, param)).build();
    }

    /** The error body alone, for answers written below JAX-RS (see {@link HttpErrors}). */
    public Object body(String path, int status, String code, String message, String param) {
        return isOpenAiPath(path)
                ? OpenAiErrorResponse.of(message, openAiType(status), param, code)
                : ErrorResponse.of(code, message, param == null ? null : Map.of("param", param));
    }

    public boolean isOpenAiPath(String path) {
        if (path == null) {
            return false;
        }
        // as routing sees it: matrix parameters ("/v1;x/…") are no part of the route
        String route = MATRIX_PARAMETERS.matcher(path).replaceAll("");
        return config.openaiPathPrefixes().orElse(List.of()).stream().anyMatch(route::startsWith);
    }

    /** The {@code type} values OpenAI uses for each class of status. */
    static String openAiType(int status) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }
}
