package ai.citadel.gateway.routing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Three Ollama backends. phi3 is weighted across llm-01 (weight 3) and llm-02 (weight 1), openchat goes to the
 * least busy of the two, mixtral prefers llm-01 and falls back to llm-02; nous-hermes2-mixtral is on all three;
 * llama3 prefers llm-01 and falls back to llm-04, an OpenAI-compatible server. A circuit opens after three failures
 * and tries again after a second; the profile {@code tight} has a one-second time limit.
 */
public class RoutingProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("citadel.backends.llm-01.type", "ollama"),
                Map.entry("citadel.backends.llm-01.weight", "3"),
                Map.entry("citadel.backends.llm-03.type", "ollama"),
                Map.entry("citadel.backends.llm-04.type", "openai"),
                Map.entry("citadel.models.\"llama3:latest\".backends", "llm-01,llm-04"),
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
                Map.entry("citadel.streaming.profiles.tight.tokens-per-event", "1"),
                Map.entry("citadel.streaming.profiles.tight.flush-deadline", "10ms"),
                Map.entry("citadel.streaming.profiles.tight.time-limit", "1s"),
                Map.entry("citadel.streaming.profiles.tight.buffer-events", "10"),
                // a recovered backend gets all its traffic back at once (RecoveryRampTest covers the ramp)
                Map.entry("citadel.routing.recovery-ramp", "0s"),
                // a test that cut Redis off must not leave the next one without affinity
                Map.entry("citadel.routing.affinity.circuit-breaker.delay", "100ms"),
                // a write held by Redis stays on its way long enough for the next turn, however slow the machine
                Map.entry("citadel.routing.affinity.redis-timeout", "1s"));
    }
}
