package ai.citadel.gateway.security;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Deny by default, against the packaged jar (target/quarkus-app) as operators run it. */
@QuarkusIntegrationTest
class GatewayDenyByDefaultIT extends GatewayDenyByDefaultTest {
}
