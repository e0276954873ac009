package ai.citadel.orchestration.rest;

import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static ai.citadel.orchestration.rest.WorkflowCalls.awaitStatus;
import static ai.citadel.orchestration.rest.WorkflowCalls.person;
import static ai.citadel.orchestration.rest.WorkflowCalls.submit;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The AG-UI endpoint as an AG-UI client uses it: runs of the chat and rag agents, front-end tools, failures. */
@QuarkusTest
@TestProfile(WorkflowEngineProfile.class)
class AgUiTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEATHER_TOOL = """
            {"name": "show_weather", "description": "Shows the weather of a city in the page",
             "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}""";

    @InjectSimulator("llm-01")
    OpenAiSimulator llm01;

    @InjectSimulator("llm-02")
    OpenAiSimulator llm02;

    @InjectSimulator
    EmbeddingServiceSimulator embeddingService;

    @Test
    void theChatAgentStreamsTheAnswerAsOneTextMessage() {
        String runId = UUID.randomUUID().toString();
        Response response = run("/api/v1/agui/chat", """
                {"threadId": "thread-1", "runId": "%s", "messages": [
                  {"id": "m1", "role": "user", "content": "tell me about lighthouses"}]}""".formatted(runId));
        response.then().statusCode(200).contentType(startsWith("text/event-stream"));
        AgUiEvents events = AgUiEvents.parse(response.asString());

        assertEquals(List.of("RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END",
                "RUN_FINISHED"), events.shape());
        assertTrue(events.ofType("TEXT_MESSAGE_CONTENT").size() > 1, "the answer streams in pieces");
        assertEquals("thread-1", events.first("RUN_STARTED").path("threadId").asText());
        assertEquals(runId, events.last().path("runId").asText());
        assertEquals("assistant", events.first("TEXT_MESSAGE_START").path("role").asText());
        assertTrue(events.text().startsWith("tell me about lighthouses"), "the simulator answers with the prompt's "
                + "words: " + events.text());
    }

    @Test
    void theDefaultAgentIsChatAndTheContextReachesTheModel() {
        Response response = run("/api/v1/agui", """
                {"threadId": "t", "runId": "%s",
                 "context": [{"description": "the page the user is on", "value": "invoices"}],
                 "messages": [{"id": "m1", "role": "user", "content": "what is this page"}]}"""
                .formatted(UUID.randomUUID()));
        AgUiEvents events = AgUiEvents.parse(response.then().statusCode(200).extract().asString());
        assertEquals("RUN_FINISHED", events.last().path("type").asText());
        String sent = llm01.controls().lastRequestBody().orElseThrow();
        assertTrue(sent.contains("the page the user is on: invoices"), sent);
        assertTrue(sent.contains("\"stream\":true"), sent);
    }

    @Test
    void aFrontEndToolCallEndsTheRunAndItsResultContinuesTheConversation() throws Exception {
        String firstRun = UUID.randomUUID().toString();
        Response response = run("/api/v1/agui/chat", """
                {"threadId": "weather", "runId": "%s", "tools": [%s],
                 "messages": [{"id": "m1", "role": "user", "content": "please show_weather for Oslo"}]}"""
                .formatted(firstRun, WEATHER_TOOL));
        AgUiEvents events = AgUiEvents.parse(response.then().statusCode(200).extract().asString());

        assertEquals(List.of("RUN_STARTED", "TOOL_CALL_START", "TOOL_CALL_ARGS", "TOOL_CALL_END", "RUN_FINISHED"),
                events.shape());
        JsonNode start = events.first("TOOL_CALL_START");
        assertEquals("show_weather", start.path("toolCallName").asText());
        String callId = start.path("toolCallId").asText();
        assertEquals("sample-city", JSON.readTree(events.toolCallArguments()).path("city").asText(),
                "the arguments stream as the model wrote them");
        String offered = llm01.controls().lastRequestBody().orElseThrow();
        assertTrue(offered.contains("\"name\":\"show_weather\""), "the tool was offered to the model: " + offered);

        Response next = run("/api/v1/agui/chat", """
                {"threadId": "weather", "runId": "%s", "tools": [%s], "messages": [
                  {"id": "m1", "role": "user", "content": "please show_weather for Oslo"},
                  {"id": "m2", "role": "assistant", "toolCalls": [{"id": "%s", "type": "function",
                    "function": {"name": "show_weather", "arguments": %s}}]},
                  {"id": "m3", "role": "tool", "toolCallId": "%s", "content": "shown: light snow"}]}"""
                .formatted(UUID.randomUUID(), WEATHER_TOOL, callId,
                        JSON.writeValueAsString(events.toolCallArguments()), callId));
        AgUiEvents answer = AgUiEvents.parse(next.then().statusCode(200).extract().asString());
        assertEquals(List.of("RUN_STARTED", "TEXT_MESSAGE_START", "TEXT_MESSAGE_CONTENT", "TEXT_MESSAGE_END",
                "RUN_FINISHED"), answer.shape());
        assertTrue(answer.text().contains("light snow"), "the model answered from the tool's result: "
                + answer.text());
        String continued = llm01.controls().lastRequestBody().orElseThrow();
        assertTrue(continued.contains("\"tool_call_id\":\"" + callId + "\""), continued);
    }

    @Test
    void whenEveryGatewayFailsTheRunEndsWithRunError() {
        llm01.controls().failNext(5, 503);
        llm02.controls().failNext(5, 503);
        Response response = run("/api/v1/agui/chat", """
                {"threadId": "t", "runId": "%s", "messages": [{"id": "m1", "role": "user", "content": "hi"}]}"""
                .formatted(UUID.randomUUID()));
        AgUiEvents events = AgUiEvents.parse(response.then().statusCode(200).extract().asString());
        assertEquals(List.of("RUN_STARTED", "RUN_ERROR"), events.types());
        JsonNode error = events.last();
        assertTrue(error.path("message").asText().contains("llm-01"), error.toString());
        assertTrue(error.path("message").asText().contains("llm-02"), error.toString());
        assertFalse(error.path("code").asText().isBlank(), error.toString());
    }

    @Test
    void theRagAgentRunsTheWorkflowAsStepsWithThePassagesInState() {
        String collection = "agui-" + UUID.randomUUID();
        awaitStatus(submit("""
                {"steps": [{"id": "a", "type": "vector_store",
                            "params": {"collection": "%s", "text": "the night shift starts at ten"}}]}"""
                .formatted(collection)), "completed");
        String alice = person("alice", "user");
        Response response = given().header("Authorization", alice).contentType(ContentType.JSON)
                .accept("text/event-stream").body("""
                        {"threadId": "rag-thread", "runId": "%s", "state": {"collection": "%s"},
                         "forwardedProps": {"limit": 1},
                         "messages": [{"id": "m1", "role": "user", "content": "when does the night shift start"}]}"""
                        .formatted(UUID.randomUUID(), collection))
                .post("/api/v1/agui/rag");
        AgUiEvents events = AgUiEvents.parse(response.then().statusCode(200).extract().asString());

        assertEquals(List.of("embed", "search", "answer"), events.ofType("STEP_STARTED").stream()
                .map(event -> event.path("stepName").asText()).toList());
        assertEquals(List.of("embed", "search", "answer"), events.ofType("STEP_FINISHED").stream()
                .map(event -> event.path("stepName").asText()).toList());
        JsonNode snapshot = events.first("STATE_SNAPSHOT").path("snapshot");
        assertEquals("pending", snapshot.path("status").asText());
        String workflowId = snapshot.path("workflowId").asText();
        JsonNode passages = events.ofType("STATE_DELTA").stream().flatMap(delta -> stream(delta.path("delta")))
                .filter(operation -> operation.path("path").asText().equals("/passages")).findFirst()
                .orElseThrow().path("value");
        assertEquals("the night shift starts at ten", passages.path(0).path("text").asText(), passages.toString());
        String asked = llm01.controls().lastRequestBody().orElseThrow();
        assertTrue(asked.contains("the night shift starts at ten"), "the model was asked with the passage: " + asked);
        assertEquals(workflowId, events.last().path("result").path("workflowId").asText());
        assertEquals("RUN_FINISHED", events.last().path("type").asText());

        given().header("Authorization", alice).get("/api/v1/workflows/" + workflowId).then().statusCode(200)
                .body("status", equalTo("completed")).body("result.content", equalTo(events.text()));
        given().header("Authorization", person("bob", "user")).get("/api/v1/workflows/" + workflowId).then()
                .statusCode(404);
    }

    @Test
    void aRunThatCannotStartIsRefusedWithTheParameterNamed() {
        String noCollection = """
                {"threadId": "t", "runId": "r", "messages": [{"id": "m1", "role": "user", "content": "hi"}]}""";
        run("/api/v1/agui/rag", noCollection).then().statusCode(400)
                .body("error.code", equalTo("invalid_request")).body("error.details.param", equalTo("state.collection"));
        run("/api/v1/agui/rag", """
                {"threadId": "t", "runId": "r", "forwardedProps": {"collection": "c", "limit": 500},
                 "messages": [{"id": "m1", "role": "user", "content": "hi"}]}""").then().statusCode(400)
                .body("error.details.param", equalTo("forwardedProps.limit"));
        run("/api/v1/agui/chat", """
                {"threadId": "t", "runId": "r", "messages": [{"id": "m1", "role": "robot", "content": "hi"}]}""")
                .then().statusCode(400).body("error.details.param", equalTo("messages[0].role"));
        run("/api/v1/agui/chat", """
                {"runId": "r", "messages": [{"id": "m1", "role": "user", "content": "hi"}]}""")
                .then().statusCode(400).body("error.message", containsString("threadId"));
        run("/api/v1/agui/chat", """
                {"threadId": "t", "runId": "r", "messages": []}""").then().statusCode(400)
                .body("error.details.param", equalTo("messages"));
        run("/api/v1/agui/no-such-agent", noCollection).then().statusCode(404)
                .body("error.code", equalTo("agent_not_found")).body("error.message", containsString("chat, rag"));
    }

    @Test
    void aRunRefusesACallerWithoutACredential() {
        given().header("Authorization", "").contentType(ContentType.JSON).body("""
                        {"threadId": "t", "runId": "r", "messages": [{"id": "m1", "role": "user", "content": "hi"}]}""")
                .post("/api/v1/agui/chat").then().statusCode(401);
    }

    @Test
    void aClientThatLeavesCancelsTheModelCall() throws Exception {
        llm01.controls().tokenCount(100).delayBetweenTokens(Duration.ofMillis(100));
        int abandonedBefore = llm01.controls().abandonedRequestCount();

        leaveAfter("TEXT_MESSAGE_CONTENT");

        await().atMost(WorkflowCalls.WAIT)
                .until(() -> llm01.controls().abandonedRequestCount() == abandonedBefore + 1);
    }

    @Test
    void aClientThatLeavesBeforeTheGatewayAnswersCancelsTheModelCall() throws Exception {
        llm01.controls().hang();
        try {
            int abandonedBefore = llm01.controls().abandonedRequestCount();

            leaveAfter("RUN_STARTED", () -> llm01.controls().heldRequestCount() == 1);

            await().atMost(WorkflowCalls.WAIT)
                    .until(() -> llm01.controls().abandonedRequestCount() == abandonedBefore + 1);
        } finally {
            llm01.controls().release();
        }
    }

    private void leaveAfter(String eventType) throws Exception {
        leaveAfter(eventType, () -> true);
    }

    /** Runs the chat agent, reads its stream up to the first event of {@code eventType}, waits for {@code until}, leaves. */
    private void leaveAfter(String eventType, Callable<Boolean> until) throws Exception {
        // HTTP/1.1 as browsers speak it to the service (the JDK client would otherwise try an h2c upgrade)
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/v1/agui/chat"))
                .header("Content-Type", "application/json").header("Authorization", person("carol", "user"))
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"threadId": "t", "runId": "%s",
                         "messages": [{"id": "m1", "role": "user", "content": "take your time"}]}"""
                        .formatted(UUID.randomUUID()))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            String line;
            do {
                line = reader.readLine();
            } while (line != null && !line.contains(eventType));
            assertTrue(line != null, "the run streamed " + eventType);
            await().atMost(WorkflowCalls.WAIT).until(until);
        }
        client.shutdownNow();
    }

    private static Response run(String path, String input) {
        return given().contentType(ContentType.JSON).accept("text/event-stream").body(input).post(path);
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false);
    }
}
