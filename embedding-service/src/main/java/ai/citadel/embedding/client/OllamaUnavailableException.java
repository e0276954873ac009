package ai.citadel.embedding.client;

/** No Ollama host could embed: none is configured, or every one failed or has its circuit open. */
public class OllamaUnavailableException extends RuntimeException {

    private final String reason;

    OllamaUnavailableException(String model, String reason) {
        super("no Ollama host embedded with model '" + model + "': " + reason);
        this.reason = reason;
    }

    /** Why, host by host. */
    public String reason() {
        return reason;
    }
}
