package ai.citadel.embedding.client;

/**
 * An Ollama host refused the input itself (HTTP 400, e.g. a text too long with truncation off): another host would
 * refuse it too, so no other was asked.
 */
public class OllamaInputRejectedException extends RuntimeException {

    private final String reason;

    OllamaInputRejectedException(String model, String reason) {
        super("Ollama refused the input for model '" + model + "': " + reason);
        this.reason = reason;
    }

    /** Ollama's own words. */
    public String reason() {
        return reason;
    }
}
