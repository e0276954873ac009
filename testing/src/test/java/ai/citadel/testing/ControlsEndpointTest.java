package ai.citadel.testing;

import static ai.citadel.testing.TestHttp.get;
import static ai.citadel.testing.TestHttp.json;
import static ai.citadel.testing.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.junit.Simulator;
import ai.citadel.testing.ollama.OllamaSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ControlsEndpointTest {

    @Simulator
    private static OllamaSimulator ollama;

    @Test
    void postingControlsSetsTheSwitchesAndEchoesThem() {
        JsonNode state = json(post(ollama.baseUrl() + "/_sim/controls", """
                {"tokenCount":5,"delayBeforeFirstTokenMs":20,"delayBetweenTokensMs":5,
                 "failNext":{"count":1,"status":502},"cutAfterTokens":4}""").body());

        assertEquals(5, state.path("tokenCount").asInt());
        assertEquals(20, state.path("delayBeforeFirstTokenMs").asInt());
        assertEquals(502, state.path("failNext").path("status").asInt());
        assertEquals(4, state.path("cutAfterTokens").asInt());
        assertEquals(Duration.ofMillis(5), ollama.controls().delayBetweenTokens());
        assertEquals(502, post(ollama.baseUrl() + "/api/generate", "{\"model\":\"phi3\",\"prompt\":\"x\"}").statusCode());
    }

    @Test
    void errorAfterTokensAndHangCanBeSetAndCleared() {
        post(ollama.baseUrl() + "/_sim/controls", """
                {"errorAfterTokens":{"tokens":1,"message":"boom"},"hang":true}""");
        JsonNode state = json(get(ollama.baseUrl() + "/_sim/controls").body());

        assertEquals("boom", state.path("errorAfterTokens").path("message").asText());
        assertTrue(state.path("hang").asBoolean());

        post(ollama.baseUrl() + "/_sim/controls", "{\"clearStreamFault\":true,\"hang\":false}");

        assertFalse(ollama.controls().hanging());
        assertFalse(json(get(ollama.baseUrl() + "/_sim/controls").body()).has("errorAfterTokens"));
    }

    @Test
    void statsCountApiRequestsButNotControlRequests() {
        post(ollama.baseUrl() + "/api/generate", "{\"model\":\"phi3\",\"prompt\":\"x\",\"stream\":false}");
        get(ollama.baseUrl() + "/api/tags");

        JsonNode stats = json(get(ollama.baseUrl() + "/_sim/stats").body());

        assertEquals(2, stats.path("requestCount").asInt());
        assertEquals(1, stats.path("requestCountByPath").path("/api/tags").asInt());
        assertEquals("/api/tags", stats.path("lastRequest").path("path").asText());
    }

    @Test
    void resetEmptiesTheStats() {
        get(ollama.baseUrl() + "/api/tags");

        assertEquals(204, post(ollama.baseUrl() + "/_sim/reset", "").statusCode());

        assertEquals(0, json(get(ollama.baseUrl() + "/_sim/stats").body()).path("requestCount").asInt());
    }

    @Test
    void invalidControlsAre400() {
        assertEquals(400, post(ollama.baseUrl() + "/_sim/controls", "{\"failNext\":{\"count\":1,\"status\":200}}")
                .statusCode());
        assertEquals(400, post(ollama.baseUrl() + "/_sim/controls", "{broken").statusCode());
    }
}
