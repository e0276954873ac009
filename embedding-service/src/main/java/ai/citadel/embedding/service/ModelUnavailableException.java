package ai.citadel.embedding.service;

/** A model's backend cannot embed right now (503); the message names the model and why. */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String model, String reason) {
        super("model '" + model + "' is unavailable: " + reason);
    }
}
