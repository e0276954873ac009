package ai.citadel.embedding.rest;

import ai.citadel.testing.qdrant.QdrantSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.QdrantSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Qdrant as the vector store: searches 503 while it is down, writes queue in PostgreSQL and replay in order. */
@QuarkusTest
@QuarkusTestResource(value = QdrantSimulatorResource.class, restrictToAnnotatedClass = true)
class QdrantVectorStoreTest {

    @InjectSimulator
    QdrantSimulator qdrant;

    private String collection;

    @BeforeEach
    void freshCollection() {
        collection = "qdrant-" + UUID.randomUUID();
    }

    @AfterEach
    void restart() {
        qdrant.restart();
    }

    private static ValidatableResponse post(String path, Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    private Response search(String query) {
        return given().contentType(ContentType.JSON).body(Map.of("collection", collection, "query", query, "limit", 5))
                .post("/api/v1/vectors/search");
    }

    @Test
    void storeThenSearchReturnsTheStoredItemFirst() {
        post("/api/v1/vectors/store", Map.of("collection", collection, "id", "cat", "text", "a cat sits on the mat",
                "metadata", Map.of("topic", "pets"), "model", "all-minilm")).statusCode(200).body("dimensions", equalTo(384));
        post("/api/v1/vectors/store", Map.of("collection", collection, "id", "revenue",
                "text", "quarterly revenue grew 5%", "metadata", Map.of("topic", "finance"))).statusCode(200);
        assertEquals(2, qdrant.pointsCount(collection));
        search("a kitten is sitting on a rug").then().statusCode(200)
                .body("matches[0].id", equalTo("cat")).body("matches[0].metadata.topic", equalTo("pets"))
                .body("matches[0].text", equalTo("a cat sits on the mat"));
        post("/api/v1/vectors/search", Map.of("collection", collection, "query", "a kitten",
                "filter", Map.of("topic", "finance"))).statusCode(200)
                .body("matches", hasSize(1)).body("matches[0].id", equalTo("revenue"));
    }

    @Test
    void whileQdrantIsDownWritesQueueAndSearches503ThenReplayInOrder() {
        post("/api/v1/vectors/store", Map.of("collection", collection, "id", "cat", "text", "a cat sits on the mat",
                "metadata", Map.of("version", 1))).statusCode(200);
        post("/api/v1/vectors/store", Map.of("collection", collection, "id", "old", "text", "an old note"))
                .statusCode(200);

        qdrant.stop();
        post("/api/v1/vectors/store", Map.of("collection", collection, "id", "dog", "text", "a dog runs in the park"))
                .statusCode(202).body("id", equalTo("dog"));
        post("/api/v1/vectors/store", Map.of("collection", collection, "id", "cat", "text", "a cat sits on the mat",
                "metadata", Map.of("version", 2))).statusCode(202);
        given().delete("/api/v1/vectors/" + collection + "/old").then().statusCode(200);
        search("a dog").then().statusCode(503).body("error.code", equalTo("vector_store_unavailable"))
                .body("error.message", containsString(collection));

        qdrant.restart();
        Response answer = awaitSearch("a puppy playing outside");
        answer.then().body("matches[0].id", equalTo("dog")).body("matches.id", not(hasItem("old")))
                .body("matches.find { it.id == 'cat' }.metadata.version", equalTo(2));
        assertEquals(2, qdrant.pointsCount(collection));
    }

    @Test
    void qdrantDownWithNothingQueuedStill503() {
        post("/api/v1/vectors/store", Map.of("collection", collection, "vector", List.of(1.0, 0.0))).statusCode(200);
        qdrant.stop();
        post("/api/v1/vectors/search", Map.of("collection", collection, "vector", List.of(1.0, 0.0)))
                .statusCode(503).body("error.message", containsString("Qdrant"));
    }

    private Response awaitSearch(String query) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        Response last;
        do {
            last = search(query);
            if (last.statusCode() == 200) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } while (Instant.now().isBefore(deadline));
        return fail("searches did not recover after Qdrant came back: " + last.asString());
    }
}
