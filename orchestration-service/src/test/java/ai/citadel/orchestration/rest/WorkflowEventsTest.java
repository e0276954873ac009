package ai.citadel.orchestration.rest;

import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static ai.citadel.orchestration.rest.WorkflowCalls.awaitStatus;
import static ai.citadel.orchestration.rest.WorkflowCalls.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/v1/workflows/{id}/events}: the stored progress feed as server-sent events, live and resumable. */
@QuarkusTest
@TestProfile(WorkflowEngineProfile.class)
class WorkflowEventsTest {

    private static final String STREAMING_WORKFLOW = """
            {"steps": [{"id": "embed", "type": "embedding", "params": {"text": "stream me"}},
                       {"id": "ask", "type": "llm_query", "params": {"prompt": "tell a long story", "stream": true}}]}""";

    /** One server-sent event. */
    record Sse(long id, String event, JsonPath data) {
    }

    @InjectSimulator("llm-01")
    OpenAiSimulator llm01;

    @Test
    void aSubscriberSeesEveryChangeInOrderAndTheFeedEndsWithTheWorkflow() {
        llm01.controls().delayBetweenTokens(java.time.Duration.ofMillis(30));
        String id = submit(STREAMING_WORKFLOW);

        Response response = given().get("/api/v1/workflows/" + id + "/events");
        response.then().statusCode(200).header("Content-Type", org.hamcrest.Matchers.startsWith("text/event-stream"));
        List<Sse> events = parse(response.asString());

        assertEquals(List.of("workflow_started", "step_started", "step_completed", "step_started"),
                events.subList(0, 4).stream().map(Sse::event).toList());
        assertEquals("embed", events.get(1).data().getString("step_id"));
        assertEquals(1, events.get(2).data().getInt("progress.steps_completed"));
        assertEquals(List.of("step_completed", "workflow_completed"),
                events.subList(events.size() - 2, events.size()).stream().map(Sse::event).toList());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).id(), "ids count up from 1 without gaps");
            assertEquals(events.get(i).id(), events.get(i).data().getLong("id"), "the data carries its id too");
        }
        List<Sse> tokens = events.stream().filter(e -> e.event().equals("llm_tokens")).toList();
        assertTrue(tokens.size() > 1, "streamed text arrives in several pieces, not at the end: " + tokens.size());
        String streamed = tokens.stream().map(e -> e.data().getString("delta")).collect(Collectors.joining());
        assertEquals(awaitStatus(id, "completed").getString("result.content"), streamed,
                "the pieces add up to the step's answer");
    }

    @Test
    void lastEventIdResumesAfterThatEventAndALateSubscriberGetsTheHistory() {
        String id = submit(STREAMING_WORKFLOW);
        awaitStatus(id, "completed");
        List<Sse> all = parse(given().get("/api/v1/workflows/" + id + "/events").then().statusCode(200)
                .extract().asString());
        assertEquals("workflow_completed", all.getLast().event());

        List<Sse> resumed = parse(given().header("Last-Event-ID", "3").get("/api/v1/workflows/" + id + "/events")
                .then().statusCode(200).extract().asString());
        assertEquals(all.subList(3, all.size()).stream().map(Sse::id).toList(), resumed.stream().map(Sse::id).toList());
        List<Sse> afterQuery = parse(given().queryParam("after", all.size() - 1)
                .get("/api/v1/workflows/" + id + "/events").then().statusCode(200).extract().asString());
        assertEquals(List.of("workflow_completed"), afterQuery.stream().map(Sse::event).toList());

        given().header("Last-Event-ID", "soon").get("/api/v1/workflows/" + id + "/events").then().statusCode(400)
                .body("error.details.param", equalTo("Last-Event-ID"));
    }

    private static List<Sse> parse(String body) {
        List<Sse> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            Long id = null;
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("id: ")) {
                    id = Long.parseLong(line.substring(4));
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            if (event != null) {
                events.add(new Sse(id, event, JsonPath.from(data)));
            }
        }
        return events;
    }
}
