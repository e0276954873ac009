package ai.citadel.orchestration.rest;

import ai.citadel.orchestration.audit.AuditLogRows;
import ai.citadel.orchestration.rest.WorkflowSocketClient.Closed;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.ServiceTokenByDefault;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import static ai.citadel.orchestration.rest.WorkflowCalls.awaitStatus;
import static ai.citadel.orchestration.rest.WorkflowCalls.person;
import static ai.citadel.orchestration.rest.WorkflowCalls.submit;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /ws/workflow/{id}}: the progress feed over a WebSocket, the same events as the SSE feed. */
@QuarkusTest
@TestProfile(WorkflowEngineProfile.class)
class WorkflowSocketTest {

    private static final String STREAMING_WORKFLOW = """
            {"steps": [{"id": "embed", "type": "embedding", "params": {"text": "stream me"}},
                       {"id": "ask", "type": "llm_query", "params": {"prompt": "tell a long story", "stream": true}}]}""";
    private static final String SUBSCRIBERS = "citadel_orchestration_feed_subscribers";

    @InjectSimulator("llm-01")
    OpenAiSimulator llm01;

    @Inject
    Vertx vertx;

    @Inject
    DataSource dataSource;

    @Test
    void historyFirstThenLiveInOrderThenANormalClose() throws Exception {
        // about three seconds of answer (the simulator's controls are reset before each test)
        llm01.controls().tokenCount(30).delayBetweenTokens(Duration.ofMillis(100));
        String id = submit(STREAMING_WORKFLOW);
        // the embedding step is over and the model is still talking: part history, part live
        await().atMost(WorkflowCalls.WAIT).until(() -> given().get("/api/v1/workflows/" + id).jsonPath()
                .getInt("progress.steps_completed") == 1);

        List<JsonPath> events;
        Closed closed;
        try (WorkflowSocketClient socket = WorkflowSocketClient.connect(vertx, id, null, service())) {
            assertEquals("step_completed", socket.awaitMessages(3).get(2).getString("type"),
                    "the history comes first");
            assertEquals("running", given().get("/api/v1/workflows/" + id).jsonPath().getString("status"),
                    "the rest is live");
            closed = socket.awaitClose();
            events = socket.events();
            assertEquals(sseData(id), socket.texts(), "the very messages of the SSE feed");
        }

        assertEquals(new Closed((short) 1000, null), normalised(closed), "a normal close after the final event");
        assertEquals("workflow_started", events.getFirst().getString("type"));
        assertEquals("workflow_completed", events.getLast().getString("type"));
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 1, events.get(i).getLong("id"), "ids count up from 1 without gaps");
            assertEquals(id, events.get(i).getString("workflow_id"));
        }
        assertTrue(events.stream().filter(e -> e.getString("type").equals("llm_tokens")).count() > 1,
                "tokens arrive as they are generated");
    }

    @Test
    void afterResumesWithoutAGapOrADuplicate() throws Exception {
        llm01.controls().delayBetweenTokens(Duration.ofMillis(30));
        String id = submit(STREAMING_WORKFLOW);
        List<String> seen = new ArrayList<>();
        try (WorkflowSocketClient first = WorkflowSocketClient.connect(vertx, id, null, service())) {
            first.awaitMessages(4);
            seen.addAll(first.texts());
        }
        long last = JsonPath.from(seen.getLast()).getLong("id");
        try (WorkflowSocketClient resumed = WorkflowSocketClient.connect(vertx, id, "?after=" + last, service())) {
            assertEquals(1000, (int) resumed.awaitClose().status());
            assertEquals(last + 1, resumed.events().getFirst().getLong("id"), "the first event after the last seen");
            seen.addAll(resumed.texts());
        }
        assertEquals(sseData(id), seen, "both connections together: every event once, in order");

        try (WorkflowSocketClient tail = WorkflowSocketClient.connect(vertx, id, "?after=" + (seen.size() - 1),
                service())) {
            assertEquals(1000, (int) tail.awaitClose().status());
            assertEquals(List.of("workflow_completed"), tail.events().stream().map(e -> e.getString("type")).toList());
        }
    }

    @Test
    void aCallerWithoutAValidCredentialIsRefusedAtTheUpgrade() throws Exception {
        String id = submit(STREAMING_WORKFLOW);
        assertEquals(401, WorkflowSocketClient.refusal(vertx, id, null));
        assertEquals(401, WorkflowSocketClient.refusal(vertx, id, "Bearer not-a-token"));
        assertEquals(401, WorkflowSocketClient.refusal(vertx, UUID.randomUUID().toString(), null),
                "whether the workflow exists is no one's business before the credential");
    }

    @Test
    void anotherUsersWorkflowClosesWith4404AsTheRestApiAnswers404() throws Exception {
        String alice = person("alice");
        String id = submit(STREAMING_WORKFLOW, alice);
        awaitStatus(id, "completed", alice);

        try (WorkflowSocketClient bob = WorkflowSocketClient.connect(vertx, id, null, person("bob"))) {
            Closed closed = bob.awaitClose();
            assertEquals(4404, (int) closed.status());
            assertTrue(closed.reason().contains(id), closed.reason());
            assertEquals(List.of(), bob.texts(), "not one event of someone else's workflow");
        }
        try (WorkflowSocketClient unknown = WorkflowSocketClient.connect(vertx, UUID.randomUUID().toString(), null,
                alice)) {
            assertEquals(4404, (int) unknown.awaitClose().status());
        }
        try (WorkflowSocketClient owner = WorkflowSocketClient.connect(vertx, id, null, alice);
             WorkflowSocketClient admin = WorkflowSocketClient.connect(vertx, id, null, person("root", "admin"))) {
            assertEquals(1000, (int) owner.awaitClose().status());
            assertEquals(1000, (int) admin.awaitClose().status());
            assertEquals(owner.texts(), admin.texts(), "the owner and an admin follow it alike");
        }
        try (WorkflowSocketClient badPosition = WorkflowSocketClient.connect(vertx, id, "?after=soon", alice)) {
            Closed closed = badPosition.awaitClose();
            assertEquals(4400, (int) closed.status(), "a position this service never sent: 400");
            assertEquals(List.of(), badPosition.texts());
        }
    }

    @Test
    void theSubscriberGaugeCountsOpenSocketsAndLetsGoOfClosedOnes() throws Exception {
        llm01.controls().delayBetweenTokens(Duration.ofMillis(200));
        String id = submit(STREAMING_WORKFLOW);
        double before = MetricsScrape.value(SUBSCRIBERS);
        try (WorkflowSocketClient socket = WorkflowSocketClient.connect(vertx, id, null, service())) {
            socket.awaitMessages(1);
            assertEquals(before + 1, MetricsScrape.value(SUBSCRIBERS));
        }
        await().atMost(WorkflowCalls.WAIT).until(() -> MetricsScrape.value(SUBSCRIBERS) == before);
        given().post("/api/v1/workflows/" + id + "/cancel").then().statusCode(200);
    }

    @Test
    void aSocketLeavesOneAuditRowWhenItClosesAsARefusedUpgradeDoes() throws Exception {
        String id = submit(STREAMING_WORKFLOW);
        awaitStatus(id, "completed");
        String run = "ws-audit-" + UUID.randomUUID() + "-";
        try (WorkflowSocketClient socket = WorkflowSocketClient.connect(vertx, id, null, person("carol", "admin"),
                run + "open")) {
            assertEquals(1000, (int) socket.awaitClose().status());
        }
        try (WorkflowSocketClient unexpected = WorkflowSocketClient.connect(vertx, id, null, null, run + "refused")) {
            throw new AssertionError("upgraded without a credential");
        } catch (ExecutionException refused) {
            // recorded below
        }

        List<Map<String, Object>> rows = new AuditLogRows(dataSource).await(run, 2);
        Map<String, Map<String, Object>> byId = rows.stream()
                .collect(Collectors.toMap(row -> (String) row.get("request_id"), row -> row));
        assertEquals(2, rows.size(), "one row per call, none twice: " + rows);
        assertEquals(101, byId.get(run + "open").get("status"));
        assertEquals("carol", byId.get(run + "open").get("user_id"));
        assertEquals("/ws/workflow/" + id, byId.get(run + "open").get("path"));
        assertEquals(401, byId.get(run + "refused").get("status"));
        assertNull(byId.get(run + "refused").get("user_id"));
    }

    private static String service() {
        return "Bearer " + ServiceTokenByDefault.serviceToken();
    }

    /** The {@code data:} of every event the SSE feed sends for the workflow. */
    private static List<String> sseData(String id) {
        return given().get("/api/v1/workflows/" + id + "/events").then().statusCode(200).extract().asString()
                .lines().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
    }

    /** A close frame without a reason reads as an empty or a null reason, depending on the client. */
    private static Closed normalised(Closed closed) {
        return new Closed(closed.status(), closed.reason() == null || closed.reason().isEmpty() ? null
                : closed.reason());
    }
}
