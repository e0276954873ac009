package ai.citadel.embedding.service;

import java.util.Collection;

/** A request named a model the catalog does not have (400). */
public class UnknownModelException extends RuntimeException {

    public UnknownModelException(String model, Collection<String> valid) {
        super("unknown model '" + model + "'; valid models: " + String.join(", ", valid));
    }
}
