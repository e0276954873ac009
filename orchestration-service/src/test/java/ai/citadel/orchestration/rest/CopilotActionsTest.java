package ai.citadel.orchestration.rest;

import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static ai.citadel.orchestration.rest.WorkflowCalls.awaitStatus;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Copilot actions as a CopilotKit front end calls them: the list, each action's result, bad requests. */
@QuarkusTest
@TestProfile(WorkflowEngineProfile.class)
class CopilotActionsTest {

    @InjectSimulator("llm-01")
    OpenAiSimulator llm01;

    @InjectSimulator
    EmbeddingServiceSimulator embeddingService;

    @Test
    void theActionsAreListedWithTheirParametersAsJsonSchema() {
        JsonPath actions = given().get("/api/v1/copilot/actions").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("generate_embedding", "search_vectors", "execute_workflow", "analyze_document"),
                actions.getList("actions.name"));
        assertEquals("object", actions.getString("actions[1].parameters.type"));
        assertEquals(List.of("collection", "query"), actions.getList("actions[1].parameters.required"));
        assertEquals("integer", actions.getString("actions[1].parameters.properties.limit.type"));
        assertEquals(100, actions.getInt("actions[1].parameters.properties.limit.maximum"));
        assertEquals("string", actions.getString("actions[0].parameters.properties.texts.items.type"));
    }

    @Test
    void generateEmbeddingAnswersTheVectors() {
        given().contentType(ContentType.JSON).body("""
                        {"type": "generate_embedding", "texts": ["first", "second"]}""")
                .post("/api/v1/copilot/actions").then().statusCode(200)
                .body("type", equalTo("generate_embedding")).body("status", equalTo("completed"))
                .body("workflow_id", notNullValue())
                .body("result.dimensions", equalTo(384)).body("result.embeddings.size()", equalTo(2));
    }

    @Test
    void analyzeDocumentStoresTheChunksAndSummarisesThenSearchFindsThem() {
        String collection = "copilot-" + UUID.randomUUID();
        String document = "The night shift starts at ten. It ends at six.\n\n"
                + "Badges are collected at the front desk. Visitors sign in before entering the plant.";
        JsonPath analysis = given().contentType(ContentType.JSON).body("""
                        {"type": "analyze_document", "collection": "%s", "title": "Plant rules", "chunk_size": 200,
                         "text": "%s"}""".formatted(collection, document.replace("\n", "\\n")))
                .post("/api/v1/copilot/actions").then().statusCode(200).extract().jsonPath();
        assertEquals("completed", analysis.getString("status"));
        assertEquals(collection, analysis.getString("result.collection"));
        assertEquals(1, analysis.getInt("result.chunks"), "the document fits one chunk of 200 characters");
        assertTrue(analysis.getString("result.summary").length() > 0);
        String asked = llm01.controls().lastRequestBody().orElseThrow();
        assertTrue(asked.contains("Summarise this document (Plant rules)") && asked.contains("Badges are collected"),
                asked);

        given().contentType(ContentType.JSON).body("""
                        {"type": "search_vectors", "collection": "%s", "query": "when does the night shift start",
                         "limit": 1}""".formatted(collection))
                .post("/api/v1/copilot/actions").then().statusCode(200)
                .body("result.matches[0].text", containsString("The night shift starts at ten"))
                .body("result.matches[0].metadata.title", equalTo("Plant rules"));
    }

    @Test
    void aLongDocumentIsCutIntoSeveralChunks() {
        String collection = "copilot-" + UUID.randomUUID();
        String document = "A sentence about the plant and its many rules. ".repeat(20);
        given().contentType(ContentType.JSON).body("""
                        {"type": "analyze_document", "collection": "%s", "chunk_size": 200, "text": "%s"}"""
                        .formatted(collection, document))
                .post("/api/v1/copilot/actions").then().statusCode(200)
                .body("result.chunks", equalTo(5)).body("result.ids.size()", equalTo(5));
    }

    @Test
    void executeWorkflowStartsItAndAnswersTheIdToFollow() {
        String id = given().contentType(ContentType.JSON).body("""
                        {"type": "execute_workflow", "workflow": {"name": "from the copilot",
                          "steps": [{"id": "e", "type": "embedding", "params": {"text": "hi"}}]}}""")
                .post("/api/v1/copilot/actions").then().statusCode(202)
                .body("status", equalTo("pending")).extract().path("workflow_id");
        assertEquals("from the copilot", awaitStatus(id, "completed").getString("name"));
    }

    @Test
    void aFailedActionIsA502WithTheWorkflowsError() {
        given().contentType(ContentType.JSON).body("""
                        {"type": "generate_embedding", "text": "hi", "model": "no-such-model"}""")
                .post("/api/v1/copilot/actions").then().statusCode(502)
                .body("error.code", equalTo("action_failed")).body("error.message", containsString("no-such-model"));
    }

    @Test
    void anUnknownTypeOrABadParameterIsA400NamingIt() {
        badRequest("{\"type\": \"make_coffee\"}", "type").body("error.message", containsString("generate_embedding"));
        badRequest("{\"text\": \"hi\"}", "type");
        badRequest("{\"type\": \"search_vectors\", \"query\": \"q\"}", "collection");
        badRequest("{\"type\": \"search_vectors\", \"collection\": \"c\", \"query\": \"q\", \"limit\": 0}", "limit")
                .body("error.message", equalTo("limit must be a whole number from 1 to 100"));
        badRequest("{\"type\": \"search_vectors\", \"collection\": \"c\", \"query\": \"q\", \"limit\": \"5\"}",
                "limit");
        badRequest("{\"type\": \"generate_embedding\", \"text\": \"a\", \"texts\": [\"b\"]}", "text");
        badRequest("{\"type\": \"generate_embedding\", \"texts\": [\"a\", 2]}", "texts");
        badRequest("{\"type\": \"analyze_document\", \"collection\": \"c\", \"text\": \"t\", \"chunk_size\": 10}",
                "chunk_size");
        badRequest("{\"type\": \"analyze_document\", \"collection\": \"c\", \"chunk_size\": 200, \"text\": \""
                + "word ".repeat(2000) + "\"}", "text").body("error.message", containsString("more than 32"));
        badRequest("{\"type\": \"execute_workflow\", \"workflow\": {\"steps\": []}}", "workflow.steps");
        badRequest("{\"type\": \"execute_workflow\", \"workflow\": {\"steps\": 5}}", "workflow");
        badRequest("[1, 2]", "type");
    }

    @Test
    void actionsRefuseACallerWithoutACredential() {
        given().header("Authorization", "").get("/api/v1/copilot/actions").then().statusCode(401);
        given().header("Authorization", "").contentType(ContentType.JSON).body("{\"type\": \"generate_embedding\"}")
                .post("/api/v1/copilot/actions").then().statusCode(401);
    }

    private static io.restassured.response.ValidatableResponse badRequest(String body, String param) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/copilot/actions").then()
                .statusCode(400).body("error.code", equalTo("invalid_request"))
                .body("error.details.param", equalTo(param));
    }
}
