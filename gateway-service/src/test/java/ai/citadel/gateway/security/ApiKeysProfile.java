package ai.citadel.gateway.security;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The gateway as production runs it: API keys required, operators signed in through an OIDC issuer (simulated). */
public class ApiKeysProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "citadel.security.api-keys-required", "true",
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                "quarkus.oidc.token.issuer", "https://server.example.com");
    }
}
