package ai.citadel.gateway;

import ai.citadel.testing.contract.ServiceContractTest;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The gateway is ready only with a backend that answers, hence the simulator. */
@QuarkusTest
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class GatewayServiceContractTest extends ServiceContractTest {

    @Override
    protected String schema() {
        return "gateway";
    }
}
