package ai.citadel.orchestration.rest;

import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;

import static ai.citadel.orchestration.rest.WorkflowCalls.awaitStatus;
import static ai.citadel.orchestration.rest.WorkflowCalls.person;
import static ai.citadel.orchestration.rest.WorkflowCalls.submit;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The workflow API end to end: submission, the engine running the steps against the simulators, reading results. */
@QuarkusTest
@TestProfile(WorkflowEngineProfile.class)
class WorkflowApiTest {

    @InjectSimulator("llm-01")
    OpenAiSimulator llm01;

    @InjectSimulator("llm-02")
    OpenAiSimulator llm02;

    @InjectSimulator
    EmbeddingServiceSimulator embeddingService;

    @Test
    void theRagWorkflowRunsEmbeddingSearchAndLlmInOrder() {
        String collection = "handbook-" + UUID.randomUUID();
        String stored = submit("""
                {"name": "load", "steps": [{"id": "load", "type": "parallel", "steps": [
                  {"id": "a", "type": "vector_store", "params": {"collection": "%1$s", "text": "backups run nightly at two"}},
                  {"id": "b", "type": "vector_store", "params": {"collection": "%1$s", "text": "the canteen opens at noon"}}
                ]}]}""".formatted(collection));
        JsonPath load = awaitStatus(stored, "completed");
        assertEquals(List.of("a", "b"), load.getList("steps.id"));
        assertEquals(List.of("load", "load"), load.getList("steps.group"));
        assertEquals(collection, load.getString("result.a.collection"), "a parallel stage's result: outputs by step");

        String id = submit("""
                {"name": "rag", "input": {"question": "when do backups run nightly"}, "steps": [
                  {"id": "embed", "type": "embedding", "params": {"text": "{{input.question}}"}},
                  {"id": "search", "type": "vector_search",
                   "params": {"collection": "%s", "vector": "{{embed.output.embeddings[0]}}", "limit": 1}},
                  {"id": "answer", "type": "llm_query",
                   "params": {"prompt": "Answer {{input.question}} from: {{search.output.matches[0].text}}"}}
                ]}""".formatted(collection));
        JsonPath done = awaitStatus(id, "completed");

        assertEquals("rag", done.getString("name"));
        assertEquals(3, done.getInt("progress.steps_completed"));
        assertEquals(3, done.getInt("progress.steps_total"));
        assertEquals(List.of("embed", "search", "answer"), done.getList("steps.id"));
        assertEquals(List.of("completed", "completed", "completed"), done.getList("steps.status"));
        assertEquals(List.of(1, 1, 1), done.getList("steps.attempts"));
        assertEquals(384, done.getInt("steps[0].output.dimensions"));
        assertEquals("backups run nightly at two", done.getString("steps[1].output.matches[0].text"));
        assertTrue(llm01.controls().lastRequestBody().orElseThrow()
                        .contains("Answer when do backups run nightly from: backups run nightly at two"),
                "the model got the prompt with the input and the passage filled in");
        assertEquals(done.getString("steps[2].output.content"), done.getString("result.content"),
                "the workflow's result is its last step's output");
        assertTrue(done.getString("result.content").startsWith("Answer when do backups"));
        assertTrue(done.getString("finished_at") != null && done.getString("started_at") != null);
    }

    @Test
    void anOutputStepShapesTheResultFromEarlierStepsWithoutACall() {
        int llmCalls = llm01.controls().requestCount();
        String id = submit("""
                {"input": {"question": "what is two and two"}, "steps": [
                  {"id": "embed", "type": "embedding", "params": {"text": "{{input.question}}"}},
                  {"id": "result", "type": "output", "params": {"question": "{{input.question}}",
                   "dimensions": "{{embed.output.dimensions}}", "model": "{{embed.output.model}}", "fixed": [1, 2]}}
                ]}""");
        JsonPath done = awaitStatus(id, "completed");

        assertEquals("what is two and two", done.getString("result.question"));
        assertEquals(384, done.getInt("result.dimensions"), "a sole reference keeps the value's type");
        assertEquals(done.getString("steps[0].output.model"), done.getString("result.model"));
        assertEquals(List.of(1, 2), done.getList("result.fixed"));
        assertEquals(done.getMap("result"), done.getMap("steps[1].output"));
        assertEquals(llmCalls, llm01.controls().requestCount());
    }

    @Test
    void aRetryableFailureIsRetriedUntilTheStepSucceeds() {
        llm01.controls().failNext(2, 503);
        llm02.controls().failNext(2, 503);
        String id = submit("""
                {"steps": [{"id": "ask", "type": "llm_query", "params": {"prompt": "hello there"},
                            "retry": {"max_attempts": 4, "backoff_ms": 10}}]}""");
        JsonPath done = awaitStatus(id, "completed");
        assertEquals(3, done.getInt("steps[0].attempts"), "two attempts met both gateways failing, the third passed");
        assertTrue(done.getString("result.content").startsWith("hello there"), done.getString("result.content"));
    }

    @Test
    void whenEveryAttemptFailsTheWorkflowFailsWithTheDependencysError() {
        llm01.controls().failNext(10, 503);
        llm02.controls().failNext(10, 503);
        String id = submit("""
                {"steps": [{"id": "ask", "type": "llm_query", "params": {"prompt": "hello"},
                            "retry": {"max_attempts": 2, "backoff_ms": 10}}]}""");
        JsonPath failed = awaitStatus(id, "failed");
        assertEquals("failed", failed.getString("steps[0].status"));
        assertEquals(2, failed.getInt("steps[0].attempts"));
        assertTrue(failed.getString("error").startsWith("step ask failed after 2 attempts: "), failed.getString("error"));
        assertTrue(failed.getString("steps[0].error").contains("llm-01"), failed.getString("steps[0].error"));
        assertTrue(failed.getString("steps[0].error").contains("llm-02"), failed.getString("steps[0].error"));
    }

    @Test
    void aClientErrorOfADependencyFailsTheStepAtOnce() {
        String id = submit("""
                {"steps": [{"id": "embed", "type": "embedding", "params": {"text": "hi", "model": "no-such-model"},
                            "retry": {"max_attempts": 5}}]}""");
        JsonPath failed = awaitStatus(id, "failed");
        assertEquals(1, failed.getInt("steps[0].attempts"), "a 4xx is not retried");
        assertTrue(failed.getString("steps[0].error").contains("no-such-model"), failed.getString("steps[0].error"));
    }

    @Test
    void aLaterStepDoesNotRunWhenAnEarlierOneFailed() {
        String id = submit("""
                {"steps": [{"id": "embed", "type": "embedding", "params": {"text": "hi", "model": "no-such-model"}},
                           {"id": "ask", "type": "llm_query", "params": {"prompt": "never asked"}}]}""");
        JsonPath failed = awaitStatus(id, "failed");
        assertEquals(List.of("failed", "cancelled"), failed.getList("steps.status"));
        assertEquals(0, failed.getInt("steps[1].attempts"));
        assertEquals(0, failed.getInt("progress.steps_completed"));
    }

    @ParameterizedTest(name = "streamed: {0}")
    @ValueSource(booleans = {false, true})
    void cancellingStopsTheRunningCallAndTheStepsAfterIt(boolean streamed) {
        llm01.controls().hang();
        int abandonedBefore = llm01.controls().abandonedRequestCount();
        try {
            String id = submit("""
                    {"steps": [{"id": "ask", "type": "llm_query", "params": {"prompt": "take your time", "stream": %s}},
                               {"id": "after", "type": "llm_query", "params": {"prompt": "never asked"}}]}"""
                    .formatted(streamed));
            awaitStatus(id, "running");
            await().atMost(WorkflowCalls.WAIT).until(() -> llm01.controls().heldRequestCount() == 1);

            given().post("/api/v1/workflows/" + id + "/cancel").then().statusCode(200)
                    .body("status", equalTo("cancelled"))
                    .body("steps.status", equalTo(List.of("cancelled", "cancelled")));
            // before the gateway's answer began: the request is aborted all the same
            await().atMost(WorkflowCalls.WAIT)
                    .until(() -> llm01.controls().abandonedRequestCount() == abandonedBefore + 1);

            given().post("/api/v1/workflows/" + id + "/cancel").then().statusCode(409)
                    .body("error.code", equalTo("workflow_finished"));
        } finally {
            llm01.controls().release();
        }
    }

    @Test
    void theSameIdempotencyKeyFromTheSameCallerGivesTheFirstWorkflow() {
        String key = UUID.randomUUID().toString();
        String workflow = """
                {"idempotency_key": "%s", "steps": [{"id": "e", "type": "embedding", "params": {"text": "hi"}}]}"""
                .formatted(key);
        String alice = person("alice", "user");
        String first = submit(workflow, alice);
        given().header("Authorization", alice).contentType(ContentType.JSON).body(workflow).post("/api/v1/workflows")
                .then().statusCode(200).body("workflow_id", equalTo(first))
                .header("Location", endsWith("/api/v1/workflows/" + first));
        String bobs = submit(workflow, person("bob", "user"));
        assertNotEquals(first, bobs, "keys are per caller");
    }

    @Test
    void aWorkflowIsVisibleToItsOwnerAndAdminsOnly() {
        String alice = person("alice", "user");
        String id = submit("""
                {"steps": [{"id": "e", "type": "embedding", "params": {"text": "mine"}}]}""", alice);
        given().header("Authorization", alice).get("/api/v1/workflows/" + id).then().statusCode(200);
        String bob = person("bob", "user");
        given().header("Authorization", bob).get("/api/v1/workflows/" + id).then().statusCode(404)
                .body("error.code", equalTo("workflow_not_found"));
        given().header("Authorization", bob).post("/api/v1/workflows/" + id + "/cancel").then().statusCode(404);
        given().header("Authorization", bob).get("/api/v1/workflows/" + id + "/events").then().statusCode(404);
        given().header("Authorization", bob).get("/api/v1/orchestration/workflow/" + id + "/status").then()
                .statusCode(404);
        given().header("Authorization", person("carol", "admin")).get("/api/v1/workflows/" + id).then()
                .statusCode(200).body("workflow_id", equalTo(id));
        given().get("/api/v1/workflows/not-a-uuid").then().statusCode(404);
    }

    @Test
    void theCallersWorkflowsAreListedNewestFirstPageByPage() {
        String dave = person("dave-" + UUID.randomUUID(), "user");
        String first = submit("{\"name\":\"one\",\"steps\":[{\"id\":\"e\",\"type\":\"embedding\",\"params\":{\"text\":\"1\"}}]}", dave);
        String second = submit("{\"name\":\"two\",\"steps\":[{\"id\":\"e\",\"type\":\"embedding\",\"params\":{\"text\":\"2\"}}]}", dave);
        String third = submit("{\"name\":\"three\",\"steps\":[{\"id\":\"e\",\"type\":\"embedding\",\"params\":{\"text\":\"3\"}}]}", dave);

        JsonPath page = given().header("Authorization", dave).queryParam("limit", 2).get("/api/v1/workflows")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(third, second), page.getList("workflows.workflow_id"));
        assertNull(page.get("workflows[0].steps"), "lists leave the steps out");
        given().header("Authorization", dave).queryParam("limit", 2).queryParam("cursor", page.getString("next_cursor"))
                .get("/api/v1/workflows").then().statusCode(200)
                .body("workflows.workflow_id", equalTo(List.of(first)))
                .body("next_cursor", equalTo(null));
        awaitStatus(first, "completed");
        given().header("Authorization", dave).queryParam("status", "completed").get("/api/v1/workflows").then()
                .statusCode(200).body("workflows.workflow_id", hasItem(first));

        given().queryParam("limit", 0).get("/api/v1/workflows").then().statusCode(400).body("error.details.param", equalTo("limit"));
        given().queryParam("limit", "x").get("/api/v1/workflows").then().statusCode(400);
        given().queryParam("status", "done").get("/api/v1/workflows").then().statusCode(400).body("error.details.param", equalTo("status"));
        given().queryParam("cursor", "bogus").get("/api/v1/workflows").then().statusCode(400).body("error.details.param", equalTo("cursor"));
    }

    @Test
    void malformedWorkflowsAre400NamingTheField() {
        given().contentType(ContentType.JSON).body("""
                {"steps": [{"id": "ask", "type": "llm_query", "params": {"prompt": "{{nowhere.output.text}}"}}]}""")
                .post("/api/v1/workflows").then().statusCode(400)
                .body("error.details.param", equalTo("steps[0].params.prompt"))
                .body("error.message", containsString("nowhere"));
        given().contentType(ContentType.JSON).body("""
                {"steps": [{"id": "has space", "type": "embedding", "params": {"text": "x"}}]}""")
                .post("/api/v1/workflows").then().statusCode(400).body("error.details.param", equalTo("steps[0].id"));
        given().contentType(ContentType.JSON).body("""
                {"steps": [{"id": "a", "type": "shell", "params": {}}]}""")
                .post("/api/v1/workflows").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{\"steps\": []}")
                .post("/api/v1/workflows").then().statusCode(400).body("error.details.param", equalTo("steps"));
    }

    @Test
    void theSeedAliasesBehaveLikeTheApi() {
        String id = given().contentType(ContentType.JSON).body("""
                        {"steps": [{"id": "e", "type": "embedding", "params": {"text": "alias"}}]}""")
                .post("/api/v1/orchestration/workflow").then().statusCode(202)
                .header("Location", containsString("/api/v1/workflows/")).extract().path("workflow_id");
        awaitStatus(id, "completed");
        given().get("/api/v1/orchestration/workflow/" + id + "/status").then().statusCode(200)
                .body("status", equalTo("completed"));
        given().contentType(ContentType.JSON).body("""
                        {"steps": [{"id": "e", "type": "embedding", "params": {"text": "seed one"}}]}""")
                .post("/orchestrate").then().statusCode(202).body("status", equalTo("pending"));
    }
}
