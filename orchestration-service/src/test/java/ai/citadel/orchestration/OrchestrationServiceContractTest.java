package ai.citadel.orchestration;

import ai.citadel.testing.contract.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OrchestrationServiceContractTest extends ServiceContractTest {

    @Override
    protected String schema() {
        return "orchestration";
    }
}
