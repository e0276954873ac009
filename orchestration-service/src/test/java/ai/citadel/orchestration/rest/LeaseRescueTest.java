package ai.citadel.orchestration.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static ai.citadel.orchestration.rest.WorkflowCalls.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A worker that died holding a step (its lease expired) loses the step to a live one, which runs it again: a crash
 * costs an attempt, never the workflow. The crashed worker is recreated in the database as it would have left it.
 */
@QuarkusTest
@TestProfile(WorkflowEngineProfile.class)
class LeaseRescueTest {

    @Inject
    Pool database;

    @Test
    void aStepWhoseWorkerDiedIsTakenBackAndRunAgain() {
        UUID id = crashedWhileRunning(3);

        JsonPath done = awaitStatus(id.toString(), "completed");
        assertEquals(2, done.getInt("steps[0].attempts"), "the lost attempt counts");
        assertTrue(done.getString("result.embeddings") != null);
        String events = given().get("/api/v1/workflows/" + id + "/events").then().statusCode(200).extract().asString();
        assertTrue(events.contains("\"type\":\"step_retrying\""), events);
        assertTrue(events.contains("stopped (its lease expired)"), events);
        given().get("/metrics").then().statusCode(200)
                .body(containsString("citadel_orchestration_lease_expiries_total"));
    }

    @Test
    void aStepThatHadNoAttemptLeftFailsItsWorkflow() {
        UUID id = crashedWhileRunning(1);

        JsonPath failed = awaitStatus(id.toString(), "failed");
        assertEquals("failed", failed.getString("steps[0].status"));
        assertTrue(failed.getString("error").contains("lease expired"), failed.getString("error"));
    }

    /** A one-step workflow whose step a worker called "crashed" claimed (attempt 1) and never finished. */
    private UUID crashedWhileRunning(int maxAttempts) {
        UUID id = UUID.randomUUID();
        database.withTransaction(connection -> connection.preparedQuery("""
                                INSERT INTO orchestration.workflows (id, created_by, status, definition, steps_total, started_at)
                                VALUES ($1, 'citadel-service', 'running', '{}'::jsonb, 1, now())""")
                        .execute(Tuple.of(id))
                        .chain(() -> connection.preparedQuery("""
                                INSERT INTO orchestration.tasks (workflow_id, step_id, step_index, type, status, input,
                                    attempts, max_attempts, lease_owner, lease_expires_at, started_at)
                                VALUES ($1, 'embed', 0, 'embedding', 'running', '{"text": "survive"}'::jsonb, 1, $2,
                                    'crashed', now() - interval '1 second', now())""")
                                .execute(Tuple.of(id, maxAttempts))))
                .await().indefinitely();
        return id;
    }
}
