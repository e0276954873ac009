package ai.citadel.embedding;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The service contract, against the packaged jar (target/quarkus-app) as operators run it. */
@QuarkusIntegrationTest
class EmbeddingServiceContractIT extends EmbeddingServiceContractTest {
}
