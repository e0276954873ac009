package ai.citadel.embedding;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** Deny by default, against the packaged jar (target/quarkus-app) as operators run it. */
@QuarkusIntegrationTest
class EmbeddingDenyByDefaultIT extends EmbeddingDenyByDefaultTest {
}
