package ai.citadel.embedding.service;

import ai.citadel.commons.db.DatabaseUnavailableException;
import ai.citadel.commons.rest.ApiException;
import ai.citadel.embedding.inference.BatcherOverloadedException;
import ai.citadel.embedding.inference.InputTooLongException;
import ai.citadel.embedding.vector.VectorStoreUnavailableException;

import java.util.Map;

/**
 * What the failures of the layers below the services (the model and its batchers, PostgreSQL, the vector store)
 * mean to a caller, as the {@link ApiException} the shared mappers render in the path's envelope
 * (docs/architecture.md#errors). The services' public methods pass their failures through {@link #of}, so that no
 * lower layer's exception reaches the resources; the Ollama client's are translated where it is called
 * ({@link OllamaBackend}), since falling back to another model depends on them.
 */
final class ApiErrors {

    /** An overloaded batcher drains a full queue in seconds; a client retrying after one second sees it move. */
    private static final Map<String, String> RETRY_SOON = Map.of("Retry-After", "1");

    private ApiErrors() {
    }

    static Throwable of(Throwable failure) {
        return switch (failure) {
            case InputTooLongException e -> new ApiException(400, "input_too_long", e.getMessage(), "input");
            // a full queue or a passed deadline: come back soon rather than wait here
            case BatcherOverloadedException e -> new ApiException(503, "overloaded", e.getMessage(), null,
                    RETRY_SOON);
            case DatabaseUnavailableException e -> new ApiException(503, "database_unavailable", e.getMessage(),
                    null, RETRY_SOON);
            case VectorStoreUnavailableException e -> new ApiException(503, "vector_store_unavailable",
                    e.getMessage(), null);
            default -> failure;
        };
    }
}
