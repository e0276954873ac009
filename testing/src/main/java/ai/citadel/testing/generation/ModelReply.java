package ai.citadel.testing.generation;

/** What a simulated model answers: text, or a call of one of the request's tools. */
public sealed interface ModelReply permits TextReply, ToolCallReply {

    /** Tokens generated, as reported in usage and eval counts. */
    int tokenCount();
}
