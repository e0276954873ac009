package ai.citadel.embedding.service;

import ai.citadel.commons.rest.ApiException;

/**
 * A model's backend cannot embed right now: 503 {@code model_unavailable}, naming the model and why. A request that
 * allows fallback moves on to the next model of the chain instead.
 */
public class ModelUnavailableException extends ApiException {

    public ModelUnavailableException(String model, String reason) {
        super(503, "model_unavailable", "model '" + model + "' is unavailable: " + reason, "model");
    }
}
