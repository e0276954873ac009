package ai.citadel.gateway.security;

import ai.citadel.testing.contract.DenyByDefaultTest;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** The gateway as production runs it, API keys required. */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class GatewayDenyByDefaultTest extends DenyByDefaultTest {
}
