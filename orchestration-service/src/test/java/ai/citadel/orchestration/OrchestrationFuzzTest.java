package ai.citadel.orchestration;

import ai.citadel.testing.contract.FuzzTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OrchestrationFuzzTest extends FuzzTest {
}
