package ai.citadel.gateway.rest;

import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agent streaming profiles: how many tokens an event holds, that no token waits past the flush deadline, and that
 * profiles always stream. The simulator's tokens are single words, so an event's word count is its token count.
 */
@QuarkusTest
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class StreamingProfilesTest {

    static final String CHAT = """
            {"model":"phi3","messages":[{"role":"user","content":"why is the sky blue"}]}""";
    static final String ANSWER = "why is the sky blue why is the sky blue why is";

    @InjectSimulator
    OllamaSimulator ollama;

    @Test
    void voiceSendsExactlyOneTokenPerEvent() {
        List<Integer> sizes = tokensPerEvent("/v1/voice/chat/completions");
        assertEquals(12, sizes.size());
        assertTrue(sizes.stream().allMatch(size -> size == 1), sizes.toString());
    }

    @Test
    void copilotGroupsUpToFiveTokens() {
        List<Integer> sizes = tokensPerEvent("/v1/copilot/completions");
        assertEquals(12, sizes.stream().mapToInt(Integer::intValue).sum());
        assertEquals(5, sizes.stream().mapToInt(Integer::intValue).max().orElseThrow(), sizes.toString());
    }

    @Test
    void guiGroupsUpToTenTokens() {
        List<Integer> sizes = tokensPerEvent("/v1/gui/chat/completions");
        assertEquals(12, sizes.stream().mapToInt(Integer::intValue).sum());
        assertEquals(10, sizes.stream().mapToInt(Integer::intValue).max().orElseThrow(), sizes.toString());
    }

    @Test
    void agentTypeSelectsAnyConfiguredProfile() {
        List<Integer> sizes = tokensPerEvent("/v1/agents/stream?agent_type=copilot");
        assertEquals(5, sizes.stream().mapToInt(Integer::intValue).max().orElseThrow(), sizes.toString());
    }

    @Test
    void withASlowBackendNoTokenWaitsForItsEventToFill() {
        // tokens 400 ms apart, gui's deadline is 100 ms: each token must leave alone rather than wait for 9 more
        ollama.controls().tokenCount(4).delayBetweenTokens(Duration.ofMillis(400));
        List<Integer> sizes = tokensPerEvent("/v1/gui/chat/completions");
        assertEquals(List.of(1, 1, 1, 1), sizes);
    }

    @Test
    void profilesAlwaysStream() {
        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"why is the sky blue\"}]}")
                .post("/v1/voice/chat/completions").then()
                .statusCode(200)
                .contentType(startsWith("text/event-stream"))
                .extract().asString());
        assertEquals(ANSWER, events.text());
        assertTrue(events.endsWithDone());
    }

    @Test
    void unknownAgentTypeIs400ListingTheKnownOnes() {
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/agents/stream?agent_type=robot").then()
                .statusCode(400)
                .body("error.param", equalTo("agent_type"))
                .body("error.message", allOf(containsString("robot"), containsString("voice"),
                        containsString("copilot"), containsString("gui")));
    }

    private static List<Integer> tokensPerEvent(String path) {
        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON).body(CHAT).post(path).then()
                .statusCode(200)
                .extract().asString());
        assertTrue(events.endsWithDone());
        return events.contents().stream()
                .map(text -> (int) Arrays.stream(text.split(" ")).filter(word -> !word.isBlank()).count())
                .toList();
    }
}
