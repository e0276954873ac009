package ai.citadel.management.client;

import ai.citadel.commons.rest.UpstreamErrors;

/** An Ollama host answered with an error status; the message is Ollama's own ({@code {"error":"…"}}). */
public class OllamaHttpException extends RuntimeException {

    private static final int MAX_MESSAGE = 300;

    private final int status;

    OllamaHttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    static OllamaHttpException of(int status, String body) {
        String message = UpstreamErrors.message(body).orElseGet(() -> body == null || body.isBlank()
                ? "HTTP " + status : body.strip());
        return new OllamaHttpException(status,
                message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message);
    }

    public int status() {
        return status;
    }

    /** The host lacks the model (or the route): Ollama's 404. */
    public boolean isNotFound() {
        return status == 404;
    }

    /** A failure of the host rather than of the request: 5xx. */
    public boolean isServerError() {
        return status >= 500;
    }
}
