package ai.citadel.orchestration;

import ai.citadel.testing.contract.DenyByDefaultTest;
import io.quarkus.test.junit.QuarkusTest;

import java.util.List;

@QuarkusTest
class OrchestrationDenyByDefaultTest extends DenyByDefaultTest {

    @Override
    protected List<String> webSocketPaths() {
        return List.of("/ws/workflow/{id}");
    }
}
