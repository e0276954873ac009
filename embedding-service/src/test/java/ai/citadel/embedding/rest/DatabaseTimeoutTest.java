package ai.citadel.embedding.rest;

import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.PostgresFaultProxyResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL hanging or gone: a 503 database_unavailable within the timeout (here 500 ms), not a hang or a 500; and
 * queries beyond the connection pool's bounded wait queue (here one connection, two waiting) refused at once.
 */
@QuarkusTest
@QuarkusTestResource(value = DatabaseTimeoutTest.ShortTimeout.class, restrictToAnnotatedClass = true)
class DatabaseTimeoutTest {

    /** The fault proxy in front of PostgreSQL, and a short database timeout. */
    public static class ShortTimeout extends PostgresFaultProxyResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("citadel.database.call-timeout", "500ms");
            config.put("quarkus.datasource.reactive.max-size", "1");
            config.put("citadel.database.pool-wait-queue", "2");
            return config;
        }
    }

    /** A client that gives up after 10 s, so that a hang fails the test instead of stalling it. */
    private static final RestAssuredConfig PATIENT_CLIENT = RestAssuredConfig.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 10_000));

    @InjectFaultProxy("postgres")
    FaultProxy postgres;

    private String collection;

    /**
     * A stored vector to search. The pool's one connection may still carry a query an earlier test's hang held, and
     * a loaded machine may miss the 500 ms: a 503 here is retried for a while, anything else fails at once.
     */
    @BeforeEach
    void storedVector() throws InterruptedException {
        collection = "db-timeout-" + UUID.randomUUID();
        Map<String, Object> store = Map.of("collection", collection, "id", "a", "vector", List.of(1.0, 0.0, 0.5));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Response stored = post("/api/v1/vectors/store", store);
        while (stored.statusCode() == 503 && System.nanoTime() < deadline) {
            Thread.sleep(250);
            stored = post("/api/v1/vectors/store", store);
        }
        assertEquals(200, stored.statusCode(), stored.asString());
    }

    @AfterEach
    void restore() {
        postgres.restore();
    }

    private static Response post(String path, Map<String, Object> body) {
        return given().config(PATIENT_CLIENT).contentType(ContentType.JSON).body(body).post(path);
    }

    private static void assertDatabaseUnavailable(Response response, long tookMillis) {
        assertEquals(503, response.statusCode(), response.asString());
        assertEquals("database_unavailable", response.path("error.code"));
        assertTrue(tookMillis < 5000, "answered after " + tookMillis + " ms");
    }

    @Test
    void hangingDatabaseIs503AfterTheTimeout() {
        postgres.blackhole();
        for (Map.Entry<String, Map<String, Object>> call : Map.<String, Map<String, Object>>of(
                "/api/v1/vectors/search", Map.of("collection", collection, "vector", List.of(1.0, 0.0, 0.5)),
                "/api/v1/vectors/store", Map.of("collection", collection, "id", "b", "vector", List.of(0.0, 1.0, 0.5)))
                .entrySet()) {
            long start = System.nanoTime();
            Response response = post(call.getKey(), call.getValue());
            assertDatabaseUnavailable(response, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        }
    }

    @Test
    void unreachableDatabaseIs503() {
        postgres.cut();
        long start = System.nanoTime();
        Response response = post("/api/v1/vectors/search",
                Map.of("collection", collection, "vector", List.of(1.0, 0.0, 0.5)));
        assertDatabaseUnavailable(response, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Test
    void queriesBeyondThePoolsWaitQueueAreRefusedAtOnce() {
        postgres.blackhole();
        Map<String, Object> search = Map.of("collection", collection, "vector", List.of(1.0, 0.0, 0.5));
        ExecutorService callers = Executors.newFixedThreadPool(12);
        try {
            long start = System.nanoTime();
            List<CompletableFuture<Response>> calls = IntStream.range(0, 12)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> post("/api/v1/vectors/search", search), callers))
                    .toList();
            List<Response> responses = calls.stream().map(CompletableFuture::join).toList();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            responses.forEach(response -> assertDatabaseUnavailable(response, tookMillis));
            long refusedAtOnce = responses.stream()
                    .filter(response -> response.<String>path("error.message").startsWith("PostgreSQL is busy"))
                    .count();
            // one query holds the only connection and two wait for it: every other one finds the queue full
            assertTrue(refusedAtOnce >= 9, refusedAtOnce + " of 12 refused for a full queue");
            responses.forEach(response -> assertEquals("1", response.header("Retry-After")));
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void servesAgainOnceTheDatabaseIsBack() {
        postgres.blackhole();
        post("/api/v1/vectors/search", Map.of("collection", collection, "vector", List.of(1.0, 0.0, 0.5)));
        postgres.restore();
        given().config(PATIENT_CLIENT).contentType(ContentType.JSON)
                .body(Map.of("collection", collection, "vector", List.of(1.0, 0.0, 0.5)))
                .post("/api/v1/vectors/search").then().statusCode(200);
    }
}
