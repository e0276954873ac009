package ai.citadel.embedding.service;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.embedding.vector.VectorStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * CPU work started from an event loop (where HTTP requests arrive) runs elsewhere: the thread that delivers its
 * result, the one it ran on, is no event-loop thread.
 */
@QuarkusTest
class OffEventLoopTest {

    @Inject
    EmbeddingService embeddings;

    @Inject
    VectorStore store;

    @Inject
    Vertx vertx;

    /** Counting an over-long text's tokens (to refuse it) is tokenisation: not on the event loop. */
    @Test
    void tokenisationRunsOffTheEventLoop() throws Exception {
        String longText = "tokens ".repeat(2000) + UUID.randomUUID();
        OnEventLoop.Outcome outcome = OnEventLoop.subscribe(vertx, () -> embeddings.embed("all-minilm",
                List.of(longText), EmbedOptions.of(false, false, false, null)));
        assertEquals("input_too_long", assertInstanceOf(ApiException.class, outcome.itemOrFailure()).code());
        assertFalse(outcome.deliveredOnEventLoop(), "tokenised on the event loop");
    }

    /** A search reads every vector of the collection: not on the event loop. */
    @Test
    void collectionScanRunsOffTheEventLoop() throws Exception {
        String collection = "scan-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("collection", collection, "id", "a", "vector", List.of(1.0, 0.0, 0.5)))
                .post("/api/v1/vectors/store").then().statusCode(200);
        OnEventLoop.Outcome outcome = OnEventLoop.subscribe(vertx,
                () -> store.search(collection, new float[] {1, 0, 0.5f}, 5, null));
        assertEquals(1, ((List<?>) outcome.itemOrFailure()).size());
        assertFalse(outcome.deliveredOnEventLoop(), "scanned on the event loop");
    }
}
