package ai.citadel.orchestration.service.step;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Two gateways (their URLs come from the simulators): llm-01 with an API key, llm-02 without (it gets the service
 * token); answers within two seconds, streams silent for at most one; a circuit that opens when four calls in a row
 * failed and tries again after a second.
 */
public class TwoGatewaysProfile implements QuarkusTestProfile {

    static final String API_KEY = "ck-test-only-gateway-key-0123456789abcdefghijklmnopq";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "citadel.gateways.llm-01.api-key", API_KEY,
                "citadel.llm.timeout", "2s",
                "citadel.llm.stream-idle-timeout", "1s",
                "citadel.llm.circuit-breaker.request-volume-threshold", "4",
                "citadel.llm.circuit-breaker.failure-ratio", "1",
                "citadel.llm.circuit-breaker.delay", "1s");
    }
}
