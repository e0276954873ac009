package ai.citadel.management;

import ai.citadel.testing.contract.DenyByDefaultTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ManagementDenyByDefaultTest extends DenyByDefaultTest {
}
