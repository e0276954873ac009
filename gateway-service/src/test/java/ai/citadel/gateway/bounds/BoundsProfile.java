package ai.citadel.gateway.bounds;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Small bounds, so tests reach them: llm-02 takes 3 requests at once over 2 connections, and a saturated one is
 * waited for 200 ms; a 4 s time limit for the standard profile; phi3 answers at most 64 tokens; 8 messages and 2
 * tools per request; probes every second, each waiting at most 500 ms.
 */
public class BoundsProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("citadel.backends.llm-02.max-in-flight", "3"),
                Map.entry("citadel.backends.llm-02.connection-pool-size", "2"),
                Map.entry("citadel.routing.queue-timeout", "200ms"),
                Map.entry("citadel.routing.saturated-retry-after", "3s"),
                Map.entry("citadel.routing.probe-interval", "1s"),
                Map.entry("citadel.routing.connect-timeout", "500ms"),
                Map.entry("citadel.streaming.profiles.standard.time-limit", "4s"),
                Map.entry("citadel.models.\"phi3:latest\".max-tokens", "64"),
                Map.entry("citadel.request-limits.max-messages", "8"),
                Map.entry("citadel.request-limits.max-tools", "2"));
    }
}
