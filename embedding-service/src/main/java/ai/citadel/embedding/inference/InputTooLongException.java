package ai.citadel.embedding.inference;

/** A text has more tokens than the model's context and the caller asked not to truncate. */
public class InputTooLongException extends RuntimeException {

    public InputTooLongException(int index, int tokens, int maxTokens) {
        super("input " + index + " has " + tokens + " tokens, more than the model's context of " + maxTokens
                + "; shorten it or allow truncation");
    }
}
