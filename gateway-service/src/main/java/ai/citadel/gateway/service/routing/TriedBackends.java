package ai.citadel.gateway.service.routing;

/**
 * The backend one call is trying now, or tried last, so that a call that ends without an answer (no backend could
 * serve it, its time limit, the client leaving) is audited with the backend that failed it. Written by routing,
 * read when the call ends, possibly on another thread.
 */
public final class TriedBackends {

    private volatile String last;

    void trying(String backend) {
        last = backend;
    }

    /** Null when no backend was tried (a cached answer, a request refused before routing). */
    public String last() {
        return last;
    }
}
