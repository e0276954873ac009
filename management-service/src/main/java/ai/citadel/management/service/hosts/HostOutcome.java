package ai.citadel.management.service.hosts;

import ai.citadel.management.client.OllamaHttpException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.util.concurrent.TimeoutException;

/**
 * What one host made of a call: its answer, or why there is none. {@code status} is the word the API shows per host:
 * {@code ok}; {@code not_found} (the host does not have the model); {@code unavailable} (not reached, too slow, a
 * 5xx, or its circuit is open); {@code error} (it refused the request, with its message).
 *
 * @param value the answer; null unless {@code ok}
 * @param error why not, for people; null when {@code ok}
 */
public record HostOutcome<T>(String host, String status, T value, String error) {

    public static final String OK = "ok";
    public static final String NOT_FOUND = "not_found";
    public static final String UNAVAILABLE = "unavailable";
    public static final String ERROR = "error";

    public static <T> HostOutcome<T> ok(String host, T value) {
        return new HostOutcome<>(host, OK, value, null);
    }

    /** The outcome of a call to {@code host} that failed with {@code failure}. */
    public static <T> HostOutcome<T> failed(String host, Throwable failure) {
        return switch (failure) {
            case OllamaHttpException http when http.isNotFound() -> new HostOutcome<>(host, NOT_FOUND, null,
                    http.getMessage());
            case OllamaHttpException http when !http.isServerError() -> new HostOutcome<>(host, ERROR, null,
                    http.getMessage());
            case OllamaHttpException http -> new HostOutcome<>(host, UNAVAILABLE, null,
                    "HTTP " + http.status() + ": " + http.getMessage());
            case CircuitBreakerOpenException open -> new HostOutcome<>(host, UNAVAILABLE, null,
                    "not answering lately; calls are paused (circuit open)");
            case TimeoutException slow -> new HostOutcome<>(host, UNAVAILABLE, null, slow.getMessage());
            default -> new HostOutcome<>(host, UNAVAILABLE, null, describe(failure));
        };
    }

    public boolean isOk() {
        return OK.equals(status);
    }

    /** A transport failure as people read it: the innermost message ("Connection refused: …"). */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
