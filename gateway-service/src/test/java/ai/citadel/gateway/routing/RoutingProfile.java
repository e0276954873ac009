package ai.citadel.gateway.routing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Three Ollama backends. phi3 is weighted across llm-01 (weight 3) and llm-02 (weight 1), openchat goes to the
 * least busy of the two, mixtral prefers llm-01 and falls back to llm-02; nous-hermes2-mixtral is on all three. A
 * circuit opens after three failures and tries again after a second.
 */
public class RoutingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("citadel.backends.llm-01.type", "ollama"),
                Map.entry("citadel.backends.llm-01.weight", "3"),
                Map.entry("citadel.backends.llm-03.type", "ollama"),
                Map.entry("citadel.models.\"phi3:latest\".backends", "llm-01,llm-02"),
                Map.entry("citadel.models.\"phi3:latest\".strategy", "weighted"),
                Map.entry("citadel.models.\"openchat:latest\".backends", "llm-01,llm-02"),
                Map.entry("citadel.models.\"openchat:latest\".strategy", "least-in-flight"),
                Map.entry("citadel.models.\"mixtral:latest\".backends", "llm-01,llm-02"),
                Map.entry("citadel.models.\"nous-hermes2-mixtral:latest\".backends", "llm-01,llm-02,llm-03"),
                Map.entry("citadel.models.\"nous-hermes2-mixtral:latest\".strategy", "weighted"),
                Map.entry("citadel.routing.circuit-breaker.request-volume-threshold", "3"),
                Map.entry("citadel.routing.circuit-breaker.failure-ratio", "1.0"),
                Map.entry("citadel.routing.circuit-breaker.delay", "1s"),
                Map.entry("citadel.routing.first-token-timeout", "5s"),
                // a recovered backend gets all its traffic back at once (RecoveryRampTest covers the ramp)
                Map.entry("citadel.routing.recovery-ramp", "0s"),
                // a test that cut Redis off must not leave the next one without affinity
                Map.entry("citadel.routing.affinity.circuit-breaker.delay", "100ms"));
    }
}
