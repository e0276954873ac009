package ai.citadel.management;

import ai.citadel.testing.contract.FuzzTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ManagementFuzzTest extends FuzzTest {
}
