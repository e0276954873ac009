package ai.citadel.embedding;

import ai.citadel.testing.contract.DenyByDefaultTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class EmbeddingDenyByDefaultTest extends DenyByDefaultTest {
}
