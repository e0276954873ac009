package ai.citadel.orchestration.service.step;

import ai.citadel.orchestration.client.DependencyHttpException;
import ai.citadel.orchestration.client.StreamBrokenException;
import io.vertx.core.VertxException;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** What a failed call to a service means for the step that made it. */
final class StepFailures {

    private StepFailures() {
    }

    /** The {@link StepFailure} of a call to {@code dependency} that failed with {@code failure}. */
    static StepFailure of(String dependency, Throwable failure) {
        return switch (failure) {
            case StepFailure known -> known;
            case DependencyHttpException http when http.status() == 429 ->
                    new StepFailure(StepFailure.RATE_LIMITED, describe(dependency, http), true);
            case DependencyHttpException http when http.status() == 408 ->
                    new StepFailure(StepFailure.TIMEOUT, describe(dependency, http), true);
            case DependencyHttpException http when http.isServerError() ->
                    new StepFailure(StepFailure.DEPENDENCY_ERROR, describe(dependency, http), true);
            case DependencyHttpException http -> new StepFailure(
                    http.code() != null ? http.code() : StepFailure.REJECTED, describe(dependency, http), false);
            case CircuitBreakerOpenException ignored -> new StepFailure(StepFailure.CIRCUIT_OPEN,
                    dependency + ": circuit open after repeated failures", true);
            case TimeoutException timeout -> new StepFailure(StepFailure.TIMEOUT, timeout.getMessage(), true);
            case StreamBrokenException broken -> new StepFailure(StepFailure.STREAM_BROKEN,
                    dependency + ": " + broken.getMessage(), true);
            default -> isTransportFailure(failure)
                    ? new StepFailure(StepFailure.CONNECTION_FAILED, dependency + ": connection failed ("
                            + rootMessage(failure) + ")", true)
                    : new StepFailure(StepFailure.INTERNAL_ERROR, "calling " + dependency + " failed: "
                            + rootMessage(failure), false);
        };
    }

    /** A few words on why a gateway failed, for the list of reasons when none could answer. */
    static String reason(Throwable failure) {
        return switch (failure) {
            case CircuitBreakerOpenException ignored -> "circuit open";
            case TimeoutException ignored -> "timeout";
            case DependencyHttpException http -> http.status() + " " + http.getMessage();
            case StreamBrokenException broken -> "stream broken (" + broken.getMessage() + ")";
            default -> isTransportFailure(failure) ? "connection failed (" + rootMessage(failure) + ")"
                    : rootMessage(failure);
        };
    }

    private static String describe(String dependency, DependencyHttpException http) {
        return dependency + " answered " + http.status() + ": " + http.getMessage();
    }

    /** The REST client reports transport failures as ProcessingExceptions, or Vert.x's and Netty's own. */
    private static boolean isTransportFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProcessingException || cause instanceof IOException
                    || cause instanceof VertxException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
