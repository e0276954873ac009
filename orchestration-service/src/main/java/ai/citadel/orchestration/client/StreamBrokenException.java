package ai.citadel.orchestration.client;

/** A streamed answer that did not end as the protocol says (no {@code [DONE]}), or carried an error event. */
public class StreamBrokenException extends RuntimeException {

    StreamBrokenException(String message) {
        super(message);
    }
}
