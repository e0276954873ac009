package ai.citadel.orchestration.service.step;

/**
 * Why a step attempt failed, and whether another attempt may succeed: timeouts, connection failures, 5xx, 429 and
 * open circuits are retryable; a request a service refused (any other 4xx, with that service's message) and bad
 * params are not.
 */
public class StepFailure extends RuntimeException {

    /** A param of the wrong type or shape after its templates were rendered. */
    public static final String INVALID_PARAMS = "invalid_params";
    public static final String TIMEOUT = "timeout";
    public static final String CONNECTION_FAILED = "connection_failed";
    public static final String CIRCUIT_OPEN = "circuit_open";
    /** A service answered 5xx. */
    public static final String DEPENDENCY_ERROR = "dependency_error";
    /** A service answered 429: busy or over a limit. */
    public static final String RATE_LIMITED = "rate_limited";
    /** A service refused the request (4xx) without a code of its own; with one, that code is the step's. */
    public static final String REJECTED = "rejected";
    /** A streamed answer broke (mid-stream error, silence, no {@code [DONE]}). */
    public static final String STREAM_BROKEN = "stream_broken";
    /** Every LLM gateway failed; the message lists each one's reason. */
    public static final String NO_GATEWAY = "no_gateway_available";
    /** A failure of the orchestrator itself. */
    public static final String INTERNAL_ERROR = "internal_error";

    private final String code;
    private final boolean retryable;

    public StepFailure(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    static StepFailure invalidParam(String param, String problem) {
        return new StepFailure(INVALID_PARAMS, "param '" + param + "' " + problem, false);
    }

    /** A short, stable code: one of the constants here, or the code a service gave its refusal. */
    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
