package ai.citadel.orchestration.service.step;

import ai.citadel.orchestration.client.DependencyErrors;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a failed call means for its step: retry later, or give up with the service's reason. */
class StepFailuresTest {

    @Test
    void refusalsAreFinalWithTheServicesCodeAndMessage() {
        StepFailure refused = StepFailures.of("embedding-service", DependencyErrors.http(400, """
                {"error":{"code":"unknown_model","message":"unknown model 'gpt-4'"}}"""));
        StepFailure withoutCode = StepFailures.of("llm-01", DependencyErrors.http(403, "forbidden"));

        assertFalse(refused.retryable());
        assertEquals("unknown_model", refused.code());
        assertEquals("embedding-service answered 400: unknown model 'gpt-4'", refused.getMessage());
        assertFalse(withoutCode.retryable());
        assertEquals(StepFailure.REJECTED, withoutCode.code());
    }

    @Test
    void outagesAreRetryable() {
        assertRetryable(StepFailure.RATE_LIMITED, DependencyErrors.http(429, "slow down"));
        assertRetryable(StepFailure.TIMEOUT, DependencyErrors.http(408, "too slow"));
        assertRetryable(StepFailure.DEPENDENCY_ERROR, DependencyErrors.http(502, "bad gateway"));
        assertRetryable(StepFailure.CIRCUIT_OPEN, new CircuitBreakerOpenException("open"));
        assertRetryable(StepFailure.TIMEOUT, new TimeoutException("llm-01 did not answer within 2s"));
        assertRetryable(StepFailure.CONNECTION_FAILED,
                new ProcessingException(new ConnectException("Connection refused")));
        assertRetryable(StepFailure.STREAM_BROKEN, DependencyErrors.streamBroken("the stream ended before [DONE]"));
    }

    @Test
    void anythingElseIsTheOrchestratorsOwnFailure() {
        StepFailure failure = StepFailures.of("llm-01", new IllegalStateException("bug"));

        assertFalse(failure.retryable());
        assertEquals(StepFailure.INTERNAL_ERROR, failure.code());
    }

    @Test
    void reasonsAreShortForTheListOfGateways() {
        assertEquals("circuit open", StepFailures.reason(new CircuitBreakerOpenException("x")));
        assertEquals("timeout", StepFailures.reason(new TimeoutException("llm-02 did not answer within 2s")));
        assertEquals("503 busy", StepFailures.reason(DependencyErrors.http(503, "busy")));
        assertEquals("connection failed (Connection refused)",
                StepFailures.reason(new ProcessingException(new ConnectException("Connection refused"))));
    }

    private static void assertRetryable(String code, Throwable failure) {
        StepFailure step = StepFailures.of("llm-01", failure);
        assertTrue(step.retryable(), failure.toString());
        assertEquals(code, step.code());
    }
}
