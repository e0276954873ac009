package ai.citadel.gateway;

import ai.citadel.testing.contract.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class GatewayServiceContractTest extends ServiceContractTest {

    @Override
    protected String schema() {
        return "gateway";
    }
}
