package ai.citadel.embedding;

import ai.citadel.testing.contract.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class EmbeddingServiceContractTest extends ServiceContractTest {

    @Override
    protected String schema() {
        return "embedding";
    }
}
