package ai.citadel.orchestration.client;

import ai.citadel.commons.http.HttpStatusException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A service a step calls answered with an error status. Its message and code are read from the body: Citadel's
 * envelope ({@code {"error":{"code","message","details"}}}) or OpenAI's ({@code {"error":{"message","type",
 * "param","code"}}}); any other body is kept, shortened, as the message.
 */
public class DependencyHttpException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 300;

    private final int status;
    private final String code;

    DependencyHttpException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static DependencyHttpException of(int status, String body) {
        JsonNode error;
        try {
            error = body == null || body.isBlank() ? null : JSON.readTree(body).path("error");
        } catch (Exception notJson) {
            error = null;
        }
        if (error == null || !error.isObject()) {
            String text = body == null || body.isBlank() ? "HTTP " + status : body.strip();
            return new DependencyHttpException(status, null,
                    text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text);
        }
        return new DependencyHttpException(status, error.path("code").textValue(),
                error.path("message").asText("HTTP " + status));
    }

    /** A non-2xx answer to a streamed request. */
    static DependencyHttpException of(HttpStatusException answer) {
        return of(answer.status(), answer.body());
    }

    public int status() {
        return status;
    }

    /** The service's own error code ({@code unknown_model}, {@code collection_not_found} …), or null. */
    public String code() {
        return code;
    }

    /** A failure of the service rather than of the request: 5xx. */
    public boolean isServerError() {
        return status >= 500;
    }
}
