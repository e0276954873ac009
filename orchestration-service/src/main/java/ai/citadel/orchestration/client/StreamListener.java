package ai.citadel.orchestration.client;

/**
 * What a streamed answer hands on as it arrives, on an event-loop thread (so a listener must not block): pieces of
 * text, and pieces of tool calls (a call's id and name come with its first piece, its arguments in pieces after).
 */
@FunctionalInterface
public interface StreamListener {

    void content(String delta);

    /** @param index the call's position among the answer's tool calls, which is how its pieces belong together */
    default void toolCall(int index, String id, String name, String argumentsDelta) {
    }
}
