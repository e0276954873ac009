package ai.citadel.testing.openai;

import static ai.citadel.testing.TestHttp.json;
import static ai.citadel.testing.TestHttp.post;
import static ai.citadel.testing.TestHttp.postAndReadLines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.TestHttp.StreamRead;
import ai.citadel.testing.junit.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class OpenAiFaultsTest {

    private static final String STREAM = """
            {"model":"phi3:latest","stream":true,"messages":[{"role":"user","content":"one two three"}]}""";

    @Simulator
    private static OpenAiSimulator openai;

    private String chatUrl() {
        return openai.v1Url() + "/chat/completions";
    }

    @Test
    void injectedRateLimitsLookLikeOpenAis() {
        openai.controls().failNext(1, 429, Duration.ofSeconds(3));

        HttpResponse<String> limited = post(chatUrl(), STREAM);
        HttpResponse<String> next = post(chatUrl(), STREAM);

        assertEquals(429, limited.statusCode());
        assertEquals("3", limited.headers().firstValue("Retry-After").orElseThrow());
        JsonNode error = json(limited.body()).path("error");
        assertEquals("requests", error.path("type").asText());
        assertEquals("rate_limit_exceeded", error.path("code").asText());
        assertTrue(error.path("param").isNull());
        assertEquals(200, next.statusCode());
    }

    @Test
    void aServerErrorIsAServerErrorEnvelope() {
        openai.controls().failNext(1, 500);

        JsonNode error = json(post(chatUrl(), STREAM).body()).path("error");

        assertEquals("server_error", error.path("type").asText());
        assertEquals("simulated failure: 500 Internal Server Error", error.path("message").asText());
    }

    @Test
    void errorAfterTokensSendsAnErrorEventThenDone() {
        openai.controls().errorAfterTokens(2, "engine died");

        StreamRead read = postAndReadLines(chatUrl(), STREAM);

        assertFalse(read.broken());
        assertEquals(5, read.lines().size(), read.lines().toString());
        JsonNode error = json(read.lines().get(3).substring("data: ".length())).path("error");
        assertEquals("engine died", error.path("message").asText());
        assertEquals("server_error", error.path("type").asText());
        assertEquals("data: [DONE]", read.lines().getLast());
    }

    @Test
    void cutAfterTokensBreaksTheStreamWithoutDone() {
        openai.controls().delayBetweenTokens(Duration.ofMillis(10)).cutAfterTokens(2);

        StreamRead read = postAndReadLines(chatUrl(), STREAM);

        assertTrue(read.broken());
        assertEquals(3, read.lines().size(), "role chunk and two tokens: " + read.lines());
        assertFalse(read.lines().contains("data: [DONE]"));
    }

    @Test
    void aCutNonStreamingRequestGetsNoResponse() {
        openai.controls().cutAfterTokens(1);

        StreamRead read = postAndReadLines(chatUrl(), STREAM.replace("\"stream\":true", "\"stream\":false"));

        assertTrue(read.broken());
        assertEquals(-1, read.status());
    }

    @Test
    void sseCommentsComeBeforeEveryEvent() {
        openai.controls().sseComments(true);

        StreamRead read = postAndReadLines(chatUrl(), STREAM);

        assertFalse(read.broken());
        for (int i = 0; i < read.lines().size(); i += 2) {
            assertEquals(": keep-alive", read.lines().get(i));
            assertTrue(read.lines().get(i + 1).startsWith("data: "), read.lines().get(i + 1));
        }
        assertEquals("data: [DONE]", read.lines().getLast());
    }
}
