package ai.citadel.orchestration.service.step;

/** Receives the text of a streamed LLM answer as it is generated. */
@FunctionalInterface
public interface TokenListener {

    /** For steps whose tokens nobody follows. */
    TokenListener NONE = delta -> {
    };

    /**
     * Called for each piece of content, in order, on an event-loop thread: the listener must not block (hand the
     * delta to a queue or a non-blocking publisher).
     */
    void onTokens(String delta);
}
