package ai.citadel.testing.ollama;

import static ai.citadel.testing.TestHttp.json;
import static ai.citadel.testing.TestHttp.post;
import static ai.citadel.testing.TestHttp.postAndReadLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.RecordedRequest;
import ai.citadel.testing.TestHttp;
import ai.citadel.testing.TestHttp.StreamRead;
import ai.citadel.testing.junit.Simulator;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class OllamaFaultsTest {

    private static final String CHAT = """
            {"model":"phi3","messages":[{"role":"user","content":"one two three four five"}]}""";

    @Simulator
    private static OllamaSimulator ollama;

    private String chatUrl() {
        return ollama.baseUrl() + "/api/chat";
    }

    @Test
    void failNextFailsThatManyRequestsThenRecovers() {
        ollama.controls().failNext(2, 503);

        HttpResponse<String> first = post(chatUrl(), CHAT);
        HttpResponse<String> second = post(chatUrl(), CHAT);
        HttpResponse<String> third = post(chatUrl(), CHAT);

        assertEquals(503, first.statusCode());
        assertEquals("{\"error\":\"simulated failure: 503 Service Unavailable\"}", first.body());
        assertEquals(503, second.statusCode());
        assertEquals(200, third.statusCode());
        assertEquals(3, ollama.controls().requestCount("/api/chat"));
    }

    @Test
    void a429CarriesRetryAfter() {
        ollama.controls().failNext(1, 429, Duration.ofMillis(1500));

        HttpResponse<String> response = post(chatUrl(), CHAT);

        assertEquals(429, response.statusCode());
        assertEquals("2", response.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void hangHoldsRequestsUntilReleased() throws Exception {
        ollama.controls().hang();

        CompletableFuture<HttpResponse<String>> pending = TestHttp.postAsync(chatUrl(), CHAT);

        assertThrows(TimeoutException.class, () -> pending.get(300, TimeUnit.MILLISECONDS));
        assertEquals(1, ollama.controls().heldRequestCount());
        ollama.controls().release();
        assertEquals(200, pending.get(5, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void cutAfterTokensResetsTheConnectionWithoutAFinalRecord() {
        ollama.controls().delayBetweenTokens(Duration.ofMillis(10)).cutAfterTokens(3);

        StreamRead read = postAndReadLines(chatUrl(), CHAT);

        assertTrue(read.broken(), "the client sees a connection error");
        assertEquals(3, read.lines().size(), read.lines().toString());
        read.lines().forEach(line -> assertFalse(json(line).path("done").asBoolean(true)));
    }

    @Test
    void cutAtZeroDropsTheConnectionBeforeAnyResponse() {
        ollama.controls().cutAfterTokens(0);

        StreamRead read = postAndReadLines(chatUrl(), CHAT);

        assertTrue(read.broken());
        assertEquals(-1, read.status());
    }

    @Test
    void errorAfterTokensSendsAnErrorLineAndEnds() {
        ollama.controls().errorAfterTokens(2, "CUDA error: out of memory");

        StreamRead read = postAndReadLines(chatUrl(), CHAT);

        assertFalse(read.broken());
        assertEquals(3, read.lines().size());
        assertEquals("{\"error\":\"CUDA error: out of memory\"}", read.lines().getLast());
        assertFalse(json(read.lines().get(1)).path("done").asBoolean(true));
    }

    @Test
    void anErrorBeforeTheFirstTokenIsAnHttp500() {
        ollama.controls().errorAfterTokens(0, "model failed to load");

        HttpResponse<String> response = post(chatUrl(), CHAT);

        assertEquals(500, response.statusCode());
        assertEquals("{\"error\":\"model failed to load\"}", response.body());
    }

    @Test
    void delaysSlowTheFirstTokenAndTheOnesAfter() {
        ollama.controls().tokenCount(4).delayBeforeFirstToken(Duration.ofMillis(200))
                .delayBetweenTokens(Duration.ofMillis(50));

        long start = System.nanoTime();
        HttpResponse<InputStream> response = TestHttp.sendForStream(chatUrl(), CHAT);
        long firstByteMillis = (System.nanoTime() - start) / 1_000_000;
        List<String> lines = TestHttp.readLines(response);
        long totalMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(5, lines.size());
        assertTrue(firstByteMillis >= 200, "first token after " + firstByteMillis + " ms");
        assertTrue(totalMillis >= 200 + 3 * 50, "reply took " + totalMillis + " ms");
    }

    @Test
    void embeddingsWaitTheFirstTokenDelayToo() {
        ollama.controls().delayBeforeFirstToken(Duration.ofMillis(150));

        long start = System.nanoTime();
        post(ollama.baseUrl() + "/api/embed", "{\"model\":\"all-minilm\",\"input\":\"x\"}");

        assertTrue((System.nanoTime() - start) / 1_000_000 >= 150);
    }

    @Test
    void requestsAreCountedAndTheLastOneKept() {
        post(chatUrl(), CHAT);
        TestHttp.send(HttpRequest.newBuilder(URI.create(ollama.baseUrl() + "/api/generate"))
                .header("X-Request-Id", "req-42")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"phi3\",\"prompt\":\"hi\"}"))
                .build());
        TestHttp.get(ollama.baseUrl() + "/_sim/stats");

        assertEquals(2, ollama.controls().requestCount());
        assertEquals(1, ollama.controls().requestCount("/api/chat"));
        RecordedRequest last = ollama.controls().lastRequest().orElseThrow();
        assertEquals("/api/generate", last.path());
        assertEquals("req-42", last.header("x-request-id").orElseThrow());
        assertEquals("{\"model\":\"phi3\",\"prompt\":\"hi\"}", ollama.controls().lastRequestBody().orElseThrow());
        assertEquals(CHAT, ollama.controls().lastRequest("/api/chat").orElseThrow().body());

        ollama.controls().reset();

        assertEquals(0, ollama.controls().requestCount());
        assertTrue(ollama.controls().lastRequestBody().isEmpty());
    }
}
