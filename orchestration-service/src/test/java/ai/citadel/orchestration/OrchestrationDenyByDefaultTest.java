package ai.citadel.orchestration;

import ai.citadel.testing.contract.DenyByDefaultTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OrchestrationDenyByDefaultTest extends DenyByDefaultTest {
}
