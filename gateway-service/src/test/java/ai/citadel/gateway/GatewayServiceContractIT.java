package ai.citadel.gateway;

import ai.citadel.gateway.security.ApiKeysProfile;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/**
 * The service contract, against the packaged jar (target/quarkus-app) as production runs it: API keys required,
 * operators signed in through OIDC. The profile and resources of GatewayDenyByDefaultIT, so both share one launch.
 */
@QuarkusIntegrationTest
@TestProfile(ApiKeysProfile.class)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = true)
class GatewayServiceContractIT extends GatewayServiceContractTest {
}
