package ai.citadel.testing;

import io.vertx.core.Future;

/** Renders one reply in an API's wire format as {@link TokenPacer} releases its tokens. */
public interface TokenSink {

    /** Sends token {@code index} (a streaming sink writes it; an aggregating one may do nothing). */
    void token(int index);

    /** Sends what ends a healthy reply: the final record, usage, {@code [DONE]}, or the whole body when not streaming. */
    void complete(GenerationTiming timing);

    /** Reports a failure in the API's shape: an HTTP error if nothing was sent yet, else an in-stream error. */
    void fail(String message);

    /** Completes once everything written so far has reached the socket, so a reset does not swallow it. */
    default Future<Void> flushed() {
        return Future.succeededFuture();
    }
}
