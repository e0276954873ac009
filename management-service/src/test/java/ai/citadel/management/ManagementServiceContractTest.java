package ai.citadel.management;

import ai.citadel.testing.contract.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ManagementServiceContractTest extends ServiceContractTest {

    @Override
    protected String schema() {
        return "management";
    }
}
