package ai.citadel.embedding.rest;

import ai.citadel.embedding.TestConfig;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.contract.RawHttp;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.ServiceTokenByDefault;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * nomic-embed-text with one Ollama call at a time and room for one waiting text: past it a fast 503 with
 * Retry-After; a text that waits past its deadline gets a 503 too; a caller who leaves loses its place.
 */
@QuarkusTest
@QuarkusTestResource(value = TestConfig.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "citadel.embedding.ollama.concurrency", value = "1"),
        @ResourceArg(name = "citadel.embedding.ollama.max-queued", value = "1"),
        @ResourceArg(name = "citadel.embedding.ollama.max-queue-time", value = "2s")})
class OverloadTest {

    private static final String MODEL = "nomic-embed-text";

    @InjectSimulator
    OllamaSimulator ollama;

    @AfterEach
    void heal() {
        ollama.controls().release();
        ollama.controls().reset();
        callers.shutdown();
    }

    private static String body(String text) {
        return "{\"text\":\"" + text + " " + UUID.randomUUID() + "\",\"model\":\"" + MODEL
                + "\",\"cache_enabled\":false}";
    }

    /** Callers of their own: the common pool may have one thread only, which the first caller would hold. */
    private final ExecutorService callers = Executors.newCachedThreadPool();

    private CompletableFuture<Response> generateAsync(String text) {
        return CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON).body(body(text))
                .post("/api/v1/embeddings/generate"), callers);
    }

    private static double rejections(String reason) {
        return MetricsScrape.sum("citadel_embedding_rejections_total", "reason=\"" + reason + "\"",
                "model=\"" + MODEL + "\"");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** One request in Ollama (held there), so the next ones wait in the batcher's queue. */
    private CompletableFuture<Response> occupyOllama() throws InterruptedException {
        ollama.controls().hang();
        CompletableFuture<Response> running = generateAsync("running");
        await(() -> ollama.controls().heldRequestCount() == 1, "Ollama holds the first call");
        return running;
    }

    @Test
    void fullQueueIsAFast503WithRetryAfterAndALateTextA503Too() throws Exception {
        double fullBefore = rejections("queue_full");
        double timeoutBefore = rejections("queue_timeout");
        CompletableFuture<Response> running = occupyOllama();
        CompletableFuture<Response> waiting = generateAsync("waiting");
        Thread.sleep(300); // it reaches the queue

        long start = System.nanoTime();
        Response refused = given().contentType(ContentType.JSON).body(body("refused"))
                .post("/api/v1/embeddings/generate");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(503, refused.statusCode(), refused.asString());
        assertEquals("overloaded", refused.path("error.code"));
        assertEquals("1", refused.header("Retry-After"));
        assertTrue(tookMillis < 1000, "refused after " + tookMillis + " ms");
        Response refusedOpenAi = given().contentType(ContentType.JSON)
                .body(Map.of("input", "refused too", "model", MODEL)).post("/v1/embeddings");
        assertEquals(503, refusedOpenAi.statusCode());
        assertEquals("server_error", refusedOpenAi.path("error.type"));
        assertEquals("1", refusedOpenAi.header("Retry-After"));
        assertEquals(fullBefore + 2, rejections("queue_full"));

        // the queued text's deadline (2 s) passes while Ollama still holds the first call
        Response late = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(503, late.statusCode(), late.asString());
        assertEquals("overloaded", late.path("error.code"));
        assertEquals("1", late.header("Retry-After"));
        assertEquals(timeoutBefore + 1, rejections("queue_timeout"));

        ollama.controls().release();
        assertEquals(200, running.get(10, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void callerWhoLeavesIsDroppedBeforeTheModelCall() throws Exception {
        CompletableFuture<Response> running = occupyOllama();
        try (RawHttp leaving = RawHttp.connect()) {
            // sent and left without reading the answer
            leaving.sendOnly(RawHttp.post("/api/v1/embeddings/generate", "Content-Type: application/json\r\n"
                    + "Authorization: Bearer " + ServiceTokenByDefault.serviceToken() + "\r\n", body("abandoned")));
            Thread.sleep(300);
        }
        Thread.sleep(300); // the server notices the closed connection
        // its place is free again: a new text is queued, not refused
        CompletableFuture<Response> next = generateAsync("next");
        Thread.sleep(300);

        ollama.controls().release();
        assertEquals(200, running.get(10, TimeUnit.SECONDS).statusCode());
        assertEquals(200, next.get(10, TimeUnit.SECONDS).statusCode());
        Thread.sleep(300);
        assertEquals(2, ollama.controls().requestCount("/api/embed"),
                "only the first and the next text reach Ollama, not the abandoned one");
        String lastCall = ollama.controls().lastRequestBody().orElseThrow();
        assertTrue(lastCall.contains("next") && !lastCall.contains("abandoned"), lastCall);
    }
}
