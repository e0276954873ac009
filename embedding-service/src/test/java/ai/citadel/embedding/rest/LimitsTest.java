package ai.citadel.embedding.rest;

import ai.citadel.testing.contract.MetricsScrape;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one request may ask for (defaults: 2,048 texts of 100,000 characters, 64 model-call jobs): past a limit a
 * 400 names the field; refusals are counted by reason, under a model label that never carries the caller's text.
 */
@QuarkusTest
class LimitsTest {

    private static final String TOO_LONG = "x".repeat(100_001);

    private static double rejections(String reason, String model) {
        return MetricsScrape.sum("citadel_embedding_rejections_total", "reason=\"" + reason + "\"",
                "model=\"" + model + "\"");
    }

    private static List<String> texts(int count) {
        return IntStream.range(0, count).mapToObj(i -> "text " + i).toList();
    }

    @Test
    void moreThan2048TextsIs400NamingTheField() {
        double before = rejections("too_many_inputs", "all-minilm");
        given().contentType(ContentType.JSON).body(Map.of("texts", texts(2049), "model", "all-minilm"))
                .post("/api/v1/embeddings/batch").then().statusCode(400)
                .body("error.code", equalTo("invalid_request"))
                .body("error.details.param", equalTo("texts"))
                .body("error.message", containsString("2048"));
        given().contentType(ContentType.JSON).body(Map.of("input", texts(2049), "model", "all-minilm"))
                .post("/v1/embeddings").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.param", equalTo("input"));
        assertEquals(before + 2, rejections("too_many_inputs", "all-minilm"));
    }

    @Test
    void textOverTheLengthLimitIs400NamingTheField() {
        double before = rejections("text_too_long", "all-minilm");
        given().contentType(ContentType.JSON).body(Map.of("text", TOO_LONG, "model", "all-minilm"))
                .post("/api/v1/embeddings/generate").then().statusCode(400)
                .body("error.details.param", equalTo("text"))
                .body("error.message", containsString("100000"));
        given().contentType(ContentType.JSON).body(Map.of("texts", List.of("fine", TOO_LONG), "model", "all-minilm"))
                .post("/api/v1/embeddings/batch").then().statusCode(400)
                .body("error.details.param", equalTo("texts"))
                .body("error.message", containsString("texts[1]"));
        given().contentType(ContentType.JSON).body(Map.of("input", List.of(TOO_LONG), "model", "all-minilm"))
                .post("/v1/embeddings").then().statusCode(400)
                .body("error.param", equalTo("input"));
        given().contentType(ContentType.JSON).body(Map.of("text", TOO_LONG, "model", "all-minilm"))
                .post("/api/v1/embed").then().statusCode(400)
                .body("error.details.param", equalTo("text"));
        given().contentType(ContentType.JSON).body(Map.of("collection", "limits-" + UUID.randomUUID(), "query",
                        TOO_LONG, "model", "all-minilm"))
                .post("/api/v1/vectors/search").then().statusCode(400)
                .body("error.details.param", equalTo("query"));
        assertEquals(before + 5, rejections("text_too_long", "all-minilm"));
    }

    @Test
    void exactly2048TextsAtTheLengthLimitAreServed() {
        List<String> texts = Collections.nCopies(2048, "a");
        given().contentType(ContentType.JSON).body(Map.of("input", texts, "model", "all-minilm")).post("/v1/embeddings")
                .then().statusCode(200).body("data", hasSize(2048));
        given().contentType(ContentType.JSON).body(Map.of("text", "y".repeat(100_000), "model", "all-minilm"))
                .post("/api/v1/embeddings/generate").then().statusCode(200).body("embedding", hasSize(384));
    }

    /** batch_size 1 for 200 texts would be 200 jobs; the limit of 64 jobs makes it 50 jobs of 4. */
    @Test
    void batchSizeCannotTurnOneRequestIntoHundredsOfJobs() {
        String series = "citadel_embedding_queue_wait_seconds_count";
        double before = MetricsScrape.sum(series, "model=\"all-minilm\"");
        List<String> fresh = IntStream.range(0, 200).mapToObj(i -> "job " + i + " " + UUID.randomUUID()).toList();
        given().contentType(ContentType.JSON)
                .body(Map.of("texts", fresh, "model", "all-minilm", "batch_size", 1, "cache_enabled", false))
                .post("/api/v1/embeddings/batch").then().statusCode(200).body("embeddings", hasSize(200));
        double jobs = MetricsScrape.sum(series, "model=\"all-minilm\"") - before;
        assertTrue(jobs <= 64, jobs + " jobs for one request");
    }

    @Test
    void unknownModelIsLabelledUnknownInMetrics() {
        String chosen = "attacker-" + UUID.randomUUID();
        double before = rejections("unknown_model", "unknown");
        given().contentType(ContentType.JSON).body(Map.of("text", "hello", "model", chosen))
                .post("/api/v1/embeddings/generate").then().statusCode(400)
                .body("error.code", equalTo("unknown_model"));
        given().contentType(ContentType.JSON).body(Map.of("input", List.of("hello"), "model", chosen))
                .post("/v1/embeddings").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("texts", texts(2049), "model", chosen))
                .post("/api/v1/embeddings/batch").then().statusCode(400);

        assertEquals(before + 2, rejections("unknown_model", "unknown"));
        assertTrue(rejections("too_many_inputs", "unknown") >= 1);
        assertFalse(given().get("/metrics").asString().contains(chosen), "the caller's model name is in /metrics");
    }
}
