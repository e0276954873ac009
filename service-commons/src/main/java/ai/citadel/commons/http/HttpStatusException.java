package ai.citadel.commons.http;

import java.time.Duration;
import java.util.Optional;

/** A non-2xx answer of a service called through {@link StreamingHttpClient}: its status, body and Retry-After. */
public class HttpStatusException extends RuntimeException {

    private final int status;
    private final String body;
    private final Optional<Duration> retryAfter;

    public HttpStatusException(int status, String body, Optional<Duration> retryAfter) {
        super("HTTP " + status);
        this.status = status;
        this.body = body;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** The answer's body as text (an error envelope, usually). */
    public String body() {
        return body;
    }

    /** From the {@code Retry-After} header in whole seconds, as on a 429 or 503. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
