package ai.citadel.gateway.service.routing;

import ai.citadel.commons.rest.ApiException;

import java.util.Map;

/**
 * A request no backend could serve, or one a backend rejected: what the client sees, plus the backend that failed
 * last, which the audit row names (docs/gateway.md#audit).
 */
public final class BackendFailure extends ApiException {

    private final String backend;

    BackendFailure(String backend, int status, String code, String message, Map<String, String> headers) {
        super(status, code, message, null, headers);
        this.backend = backend;
    }

    /** The backend tried last (its circuit may have been open, or it may have been saturated). */
    public String backend() {
        return backend;
    }
}
