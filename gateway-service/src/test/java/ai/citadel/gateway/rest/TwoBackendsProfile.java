package ai.citadel.gateway.rest;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * phi3 on two backends: llm-01 (OpenAI-compatible, preferred) and llm-02 (Ollama); a circuit that opens after three
 * failures and tries again after a second; a first-token timeout of one second; keep-alives after 200 ms of silence; a profile with a 1 s time limit.
 */
public class TwoBackendsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("citadel.backends.llm-01.type", "openai"),
                Map.entry("citadel.models.\"phi3:latest\".backends", "llm-01,llm-02"),
                Map.entry("citadel.routing.circuit-breaker.request-volume-threshold", "3"),
                Map.entry("citadel.routing.circuit-breaker.failure-ratio", "1.0"),
                Map.entry("citadel.routing.circuit-breaker.delay", "1s"),
                Map.entry("citadel.routing.first-token-timeout", "1s"),
                // a recovered backend gets all its traffic back at once (RecoveryRampTest covers the ramp)
                Map.entry("citadel.routing.recovery-ramp", "0s"),
                Map.entry("citadel.streaming.keep-alive-interval", "200ms"),
                Map.entry("citadel.streaming.profiles.tight.tokens-per-event", "1"),
                Map.entry("citadel.streaming.profiles.tight.flush-deadline", "10ms"),
                Map.entry("citadel.streaming.profiles.tight.time-limit", "1s"),
                Map.entry("citadel.streaming.profiles.tight.buffer-events", "10"));
    }
}
