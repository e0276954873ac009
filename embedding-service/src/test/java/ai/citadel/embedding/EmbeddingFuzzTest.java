package ai.citadel.embedding;

import ai.citadel.testing.contract.FuzzTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class EmbeddingFuzzTest extends FuzzTest {
}
