package ai.citadel.embedding.service;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.embedding.vector.VectorStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    /** Where {@code call}, subscribed on an event loop, delivers its item or failure. */
    private record Outcome(Object itemOrFailure, boolean onEventLoop) {
    }

    private Outcome subscribeOnEventLoop(java.util.function.Supplier<Uni<?>> call) throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        vertx.runOnContext(ignored -> {
            try {
                call.get().subscribe().with(
                        item -> outcome.complete(new Outcome(item, Context.isOnEventLoopThread())),
                        failure -> outcome.complete(new Outcome(failure, Context.isOnEventLoopThread())));
            } catch (RuntimeException thrownOnTheEventLoop) {
                outcome.complete(new Outcome(thrownOnTheEventLoop, true));
            }
        });
        return outcome.get(30, TimeUnit.SECONDS);
    }

    /** Counting an over-long text's tokens (to refuse it) is tokenisation: not on the event loop. */
    @Test
    void tokenisationRunsOffTheEventLoop() throws Exception {
        String longText = "tokens ".repeat(2000) + UUID.randomUUID();
        Outcome outcome = subscribeOnEventLoop(() -> embeddings.embed("all-minilm", List.of(longText),
                EmbedOptions.of(false, false, false, null)));
        assertEquals("input_too_long", assertInstanceOf(ApiException.class, outcome.itemOrFailure()).code());
        assertFalse(outcome.onEventLoop(), "tokenised on the event loop");
    }

    /** A search reads every vector of the collection: not on the event loop. */
    @Test
    void collectionScanRunsOffTheEventLoop() throws Exception {
        String collection = "scan-" + UUID.randomUUID();
        given().contentType(ContentType.JSON)
                .body(Map.of("collection", collection, "id", "a", "vector", List.of(1.0, 0.0, 0.5)))
                .post("/api/v1/vectors/store").then().statusCode(200);
        Outcome outcome = subscribeOnEventLoop(() -> store.search(collection, new float[] {1, 0, 0.5f}, 5, null));
        assertEquals(1, ((List<?>) outcome.itemOrFailure()).size());
        assertFalse(outcome.onEventLoop(), "scanned on the event loop");
    }
}
