package ai.citadel.commons.rest;

import java.util.Map;

/**
 * A failure the caller should see as it is: status, a stable code, a message for a person, the request field at
 * fault and any response headers (e.g. {@code Retry-After}). {@link ErrorMappers} renders it in the path's
 * envelope.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String param;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String message, String param, Map<String, String> headers) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
        this.headers = Map.copyOf(headers);
    }

    public ApiException(int status, String code, String message, String param) {
        this(status, code, message, param, Map.of());
    }

    public static ApiException badRequest(String message, String param) {
        return new ApiException(400, "invalid_request", message, param);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String param() {
        return param;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
