package ai.citadel.management.client;

import ai.citadel.commons.rest.UpstreamErrors;

/** The gateway answered its catalog with an error status (a 401 means the configured credential is wrong). */
public class GatewayHttpException extends RuntimeException {

    private final int status;

    GatewayHttpException(int status, String message) {
        super(message);
        this.status = status;
    }

    static GatewayHttpException of(int status, String body) {
        return new GatewayHttpException(status, "HTTP " + status
                + UpstreamErrors.message(body).map(message -> ": " + message).orElse(""));
    }

    public int status() {
        return status;
    }
}
