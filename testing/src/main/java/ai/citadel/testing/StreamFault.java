package ai.citadel.testing;

/** What goes wrong in a reply after some tokens have been sent, if anything. */
sealed interface StreamFault {

    StreamFault NONE = new None();

    /** The reply is healthy. */
    record None() implements StreamFault {
    }

    /** The TCP connection is reset after {@code afterTokens} tokens: no final record, no error message. */
    record Cut(int afterTokens) implements StreamFault {
    }

    /** The server reports {@code message} after {@code afterTokens} tokens, in the API's own error shape, and stops. */
    record Error(int afterTokens, String message) implements StreamFault {
    }
}
