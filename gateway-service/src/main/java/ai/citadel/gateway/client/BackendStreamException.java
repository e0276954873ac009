package ai.citadel.gateway.client;

/** A backend broke its stream: an error record in the stream, a record we cannot parse, or a premature end. */
public class BackendStreamException extends RuntimeException {

    public BackendStreamException(String message) {
        super(message);
    }

    public BackendStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
