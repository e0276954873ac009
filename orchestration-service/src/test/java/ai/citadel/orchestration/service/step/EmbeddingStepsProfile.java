package ai.citadel.orchestration.service.step;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * embedding-service calls with a deadline of one second, behind a circuit that opens only when four calls in a row
 * failed (so that the failures tests provoke on purpose do not open it).
 */
public class EmbeddingStepsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("citadel.embedding-service.timeout", "1s",
                "citadel.embedding-service.circuit-breaker.failure-ratio", "1");
    }
}
