package ai.citadel.embedding.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.fail;

/** The PostgreSQL vector store (the default: no Qdrant configured). */
@QuarkusTest
class VectorApiTest {

    @Inject
    Pool pool;

    private String collection;

    @BeforeEach
    void freshCollection() {
        collection = "docs-" + UUID.randomUUID();
    }

    private ValidatableResponse store(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/vectors/store").then();
    }

    private ValidatableResponse search(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/vectors/search").then();
    }

    private void storeDocs() {
        store(Map.of("collection", collection, "id", "cat", "text", "a cat sits on the mat",
                "metadata", Map.of("topic", "pets"), "model", "all-minilm")).statusCode(200)
                .body("success", equalTo(true)).body("id", equalTo("cat")).body("dimensions", equalTo(384));
        store(Map.of("collection", collection, "id", "revenue", "text", "quarterly revenue grew 5%",
                "metadata", Map.of("topic", "finance"))).statusCode(200);
        store(Map.of("collection", collection, "text", "the stock market fell sharply today",
                "metadata", Map.of("topic", "finance"))).statusCode(200).body("id", not(equalTo("")));
    }

    @Test
    void storedItemComesFirstWithItsMetadata() {
        storeDocs();
        search(Map.of("collection", collection, "query", "a kitten is sitting on a rug", "limit", 3)).statusCode(200)
                .body("collection", equalTo(collection)).body("model", equalTo("all-minilm"))
                .body("matches", hasSize(3))
                .body("matches[0].id", equalTo("cat")).body("matches[0].metadata.topic", equalTo("pets"))
                .body("matches[0].text", equalTo("a cat sits on the mat"))
                .body("matches[0].score", greaterThan(0.5f));
    }

    @Test
    void filterOnMetadata() {
        storeDocs();
        search(Map.of("collection", collection, "query", "a kitten", "filter", Map.of("topic", "finance")))
                .statusCode(200).body("matches", hasSize(2)).body("matches.id", not(hasItem("cat")));
    }

    @Test
    void updateAndDelete() {
        storeDocs();
        given().contentType(ContentType.JSON)
                .body(Map.of("collection", collection, "id", "cat", "metadata", Map.of("topic", "animals")))
                .post("/api/v1/vectors/update").then().statusCode(200).body("id", equalTo("cat"));
        search(Map.of("collection", collection, "query", "a kitten", "limit", 1)).statusCode(200)
                .body("matches[0].id", equalTo("cat")).body("matches[0].metadata.topic", equalTo("animals"));

        given().delete("/api/v1/vectors/" + collection + "/cat").then().statusCode(200).body("success", equalTo(true));
        search(Map.of("collection", collection, "query", "a kitten", "limit", 5)).statusCode(200)
                .body("matches.id", not(hasItem("cat")));
        given().delete("/api/v1/vectors/" + collection + "/cat").then().statusCode(404)
                .body("error.code", equalTo("vector_not_found"))
                .body("error.message", containsString("no vector 'cat'"));
        given().contentType(ContentType.JSON).body(Map.of("collection", collection, "id", "nope", "metadata", Map.of()))
                .post("/api/v1/vectors/update").then().statusCode(404)
                .body("error.code", equalTo("vector_not_found"));
    }

    @Test
    void dimensionAndModelMismatchAre400() {
        storeDocs();
        store(Map.of("collection", collection, "vector", List.of(0.1, 0.2, 0.3))).statusCode(400)
                .body("error.message", containsString("384 dimensions"))
                .body("error.details.param", equalTo("vector"));
        search(Map.of("collection", collection, "vector", List.of(0.1, 0.2))).statusCode(400);
        store(Map.of("collection", collection, "text", "hello", "model", "nomic-embed-text")).statusCode(400)
                .body("error.message", containsString("all-minilm"));
        store(Map.of("collection", "bad name!", "text", "hello")).statusCode(400)
                .body("error.details.param", equalTo("collection"));
        store(Map.of("collection", collection)).statusCode(400);
    }

    @Test
    void ownVectorsWithoutAModel() {
        store(Map.of("collection", collection, "id", "x", "vector", List.of(1.0, 0.0, 0.0))).statusCode(200)
                .body("dimensions", equalTo(3));
        store(Map.of("collection", collection, "id", "y", "vector", List.of(0.0, 1.0, 0.0))).statusCode(200);
        search(Map.of("collection", collection, "vector", List.of(0.9, 0.1, 0.0))).statusCode(200)
                .body("matches[0].id", equalTo("x")).body("matches", hasSize(2));
    }

    /** PostgreSQL cannot store NUL: the caller hears so (found by the fuzz test: it was a 500). */
    @Test
    void idsWithNulAre400() {
        storeDocs();
        store(Map.of("collection", collection, "id", "a\u0000b", "vector", List.of(0.1, 0.2, 0.3))).statusCode(400)
                .body("error.details.param", equalTo("id"));
        given().urlEncodingEnabled(false).delete("/api/v1/vectors/" + collection + "/a%00b").then().statusCode(400)
                .body("error.details.param", equalTo("id"));
    }

    @Test
    void unknownCollectionIs404() {
        search(Map.of("collection", collection, "query", "anything")).statusCode(404)
                .body("error.code", equalTo("collection_not_found"))
                .body("error.message", containsString("no collection '" + collection + "'"));
    }

    @Test
    void writesOfAnotherReplicaReachSearches() {
        store(Map.of("collection", collection, "id", "x", "vector", List.of(1.0, 0.0))).statusCode(200);
        search(Map.of("collection", collection, "vector", List.of(0.0, 1.0))).statusCode(200).body("matches", hasSize(1));
        // another replica writes straight to the table; this one learns of it through the change feed
        pool.preparedQuery("INSERT INTO embedding.vectors (collection, id, vector, metadata) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(collection, "y", new Float[] {0f, 1f}, new JsonObject().put("from", "replica-2")))
                .await().indefinitely();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            String first = search(Map.of("collection", collection, "vector", List.of(0.0, 1.0))).statusCode(200)
                    .extract().path("matches[0].id");
            if ("y".equals(first)) {
                return;
            }
            sleep();
        }
        fail("the other replica's vector never reached this replica's searches");
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
