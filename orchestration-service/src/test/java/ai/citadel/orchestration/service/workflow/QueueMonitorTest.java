package ai.citadel.orchestration.service.workflow;

import ai.citadel.orchestration.rest.WorkflowEngineProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The queue's metrics, and finished workflows deleted once their retention ran out. */
@QuarkusTest
@TestProfile(WorkflowEngineProfile.class)
class QueueMonitorTest {

    @Inject
    QueueMonitor monitor;

    @Inject
    Pool database;

    @Test
    void theQueueAndTheStepsShowInTheMetrics() {
        String id = given().contentType(ContentType.JSON)
                .body("{\"steps\":[{\"id\":\"e\",\"type\":\"embedding\",\"params\":{\"text\":\"count me\"}}]}")
                .post("/api/v1/workflows").then().statusCode(202).extract().path("workflow_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> "completed".equals(
                given().get("/api/v1/workflows/" + id).then().extract().path("status")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get("/metrics").then().statusCode(200)
                .body(containsString("citadel_orchestration_queue_depth "))
                .body(containsString("citadel_orchestration_queue_oldest_ready_seconds "))
                .body(containsString("citadel_orchestration_workflows{status=\"completed\"}"))
                .body(containsString("citadel_orchestration_step_duration_seconds_count{outcome=\"completed\",type=\"embedding\"}")));
    }

    @Test
    void finishedWorkflowsAreDeletedWithTheirStepsAndEventsAfterTheRetention() {
        UUID old = finishedDaysAgo(8);
        UUID recent = finishedDaysAgo(6);

        monitor.deleteExpired().await().indefinitely();

        assertEquals(0, count("orchestration.workflows", old));
        assertEquals(0, count("orchestration.tasks", old), "the steps went with the workflow");
        assertEquals(1, count("orchestration.workflows", recent), "kept for the 7 days of retention");
    }

    private UUID finishedDaysAgo(int days) {
        UUID id = UUID.randomUUID();
        database.withTransaction(connection -> connection.preparedQuery("""
                                INSERT INTO orchestration.workflows (id, created_by, status, definition, steps_total,
                                    steps_completed, finished_at)
                                VALUES ($1, 'someone', 'completed', '{}'::jsonb, 1, 1, now() - $2 * interval '1 day')""")
                        .execute(Tuple.of(id, days))
                        .chain(() -> connection.preparedQuery("""
                                INSERT INTO orchestration.tasks (workflow_id, step_id, step_index, type, status)
                                VALUES ($1, 'e', 0, 'embedding', 'completed')""").execute(Tuple.of(id))))
                .await().indefinitely();
        return id;
    }

    private long count(String table, UUID workflowId) {
        String column = table.endsWith("workflows") ? "id" : "workflow_id";
        return database.preparedQuery("SELECT count(*) FROM " + table + " WHERE " + column + " = $1")
                .execute(Tuple.of(workflowId)).await().indefinitely().iterator().next().getLong(0);
    }
}
