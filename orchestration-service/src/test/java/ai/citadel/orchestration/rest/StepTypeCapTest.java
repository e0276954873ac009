package ai.citadel.orchestration.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static ai.citadel.orchestration.rest.WorkflowCalls.awaitStatus;
import static ai.citadel.orchestration.rest.WorkflowCalls.submit;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A step type with a cap of its own ({@code worker.type-concurrency}) is claimed apart from the others. */
@QuarkusTest
@TestProfile(StepTypeCapTest.EmbeddingsOff.class)
class StepTypeCapTest {

    /** The engine's test settings, with embedding steps capped at none at once. */
    public static class EmbeddingsOff extends WorkflowEngineProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("citadel.workflows.worker.type-concurrency.embedding", "0");
            return overrides;
        }
    }

    @Test
    void aCappedTypeWaitsWhileTheOthersRun() {
        String capped = submit("""
                {"steps": [{"id": "embed", "type": "embedding", "params": {"text": "waits"}}]}""");
        String uncapped = submit("""
                {"steps": [{"id": "result", "type": "output", "params": {"answer": 42}}]}""");

        JsonPath done = awaitStatus(uncapped, "completed");
        assertEquals(42, done.getInt("result.answer"));
        JsonPath waiting = awaitStatus(capped, "pending");
        assertEquals("pending", waiting.getString("steps[0].status"));
        assertEquals(0, waiting.getInt("steps[0].attempts"));

        given().post("/api/v1/workflows/" + capped + "/cancel").then().statusCode(200);
    }
}
