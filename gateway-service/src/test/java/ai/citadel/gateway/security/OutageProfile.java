package ai.citadel.gateway.security;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Keys required, a per-IP limit, and short cache and retry times so outages play out within a test. */
public class OutageProfile implements QuarkusTestProfile {

    static final int IP_RPM = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "citadel.security.api-keys-required", "true",
                "citadel.security.key-cache-ttl", "500ms",
                "citadel.security.key-lookup-timeout", "1s",
                "citadel.security.rate-limits.ip-rpm", String.valueOf(IP_RPM),
                "citadel.security.rate-limits.redis-retry-delay", "1s");
    }
}
