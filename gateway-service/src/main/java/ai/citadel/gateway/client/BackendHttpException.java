package ai.citadel.gateway.client;

import java.time.Duration;
import java.util.Optional;

/** A backend answered with an error status instead of a stream. */
public class BackendHttpException extends RuntimeException {

    private final int status;
    private final Optional<Duration> retryAfter;

    public BackendHttpException(int status, String message, Optional<Duration> retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** From the backend's {@code Retry-After} header, on a 429 or 503. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }

    /** 5xx means the backend is in trouble; 4xx means it did not like this request (429: it is busy). */
    public boolean isServerError() {
        return status >= 500;
    }
}
