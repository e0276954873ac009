package ai.citadel.embedding.rest;

import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A model whose Ollama host fails: 503 naming it, another model only when the caller allows it. */
@QuarkusTest
class OllamaOutageTest {

    @InjectSimulator
    OllamaSimulator ollama;

    @AfterEach
    void heal() {
        ollama.controls().reset();
        awaitNomicServes();
    }

    private static Response generate(String model, boolean allowFallback) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("text", "outage " + UUID.randomUUID(), "model", model, "allow_fallback", allowFallback))
                .post("/api/v1/embeddings/generate");
    }

    @Test
    void unavailableModelIs503NamingIt() {
        ollama.controls().failNext(1, 500);
        generate("nomic-embed-text", false).then().statusCode(503)
                .body("error.code", equalTo("model_unavailable"))
                .body("error.message", containsString("nomic-embed-text"));
    }

    @Test
    void inputOllamaRefusesIs400NotAnOutage() {
        ollama.controls().failNext(1, 400);
        generate("nomic-embed-text", true).then().statusCode(400)
                .body("error.code", equalTo("input_rejected"))
                .body("error.message", containsString("simulated failure: 400"));
    }

    @Test
    void fallbackServesTheNextModelAndSaysSo() {
        ollama.controls().failNext(1, 500);
        generate("nomic-embed-text", true).then().statusCode(200)
                .body("model", equalTo("mxbai-embed-large")).body("dimensions", equalTo(1024))
                .body("embedding", hasSize(1024));
    }

    @Test
    void openCircuitStopsCallingTheHostAndInProcessStillServes() {
        ollama.controls().failNext(4, 500);
        for (int i = 0; i < 4; i++) {
            generate("bge-m3", false).then().statusCode(503);
        }
        int calls = ollama.controls().requestCount();
        generate("bge-m3", false).then().statusCode(503).body("error.message", containsString("circuit open"));
        assertEquals(calls, ollama.controls().requestCount(), "an open circuit must not reach the host");
        generate("bge-m3", true).then().statusCode(200).body("model", equalTo("all-minilm"))
                .body("dimensions", equalTo(384));
    }

    /** The circuit half-opens after its delay; the next call closes it again. */
    private static void awaitNomicServes() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (generate("nomic-embed-text", false).statusCode() == 200) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        fail("Ollama host did not recover");
    }
}
