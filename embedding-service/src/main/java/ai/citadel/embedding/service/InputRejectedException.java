package ai.citadel.embedding.service;

/** The model server refused the input itself (Ollama's 400, e.g. too long with truncation off): the caller's 400. */
public class InputRejectedException extends RuntimeException {

    public InputRejectedException(String model, String reason) {
        super("model '" + model + "' rejected the input: " + reason);
    }
}
