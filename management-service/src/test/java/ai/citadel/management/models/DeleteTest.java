package ai.citadel.management.models;

import ai.citadel.management.ManagementProfile;
import ai.citadel.management.Tokens;
import ai.citadel.management.audit.AuditRows;
import ai.citadel.testing.RecordedRequest;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deleting a model: only admins; never one the gateway's catalog routes to unless forced, nor while the catalog
 * cannot be read; per host what happened; the registry keeps the row as deleted.
 */
@QuarkusTest
@TestProfile(ManagementProfile.class)
class DeleteTest {

    @InjectSimulator("llm-01")
    OllamaSimulator llm01;

    @InjectSimulator("llm-02")
    OllamaSimulator llm02;

    @InjectSimulator("gateway")
    OpenAiSimulator gateway;

    @Inject
    DataSource dataSource;

    @Test
    void aModelOutsideTheCatalogIsDeletedAndTheRegistryKeepsItsRow() {
        String model = "scratch-" + UUID.randomUUID() + ":latest";
        Hosts.pullDirectly(llm01, model);
        Registry registry = new Registry(dataSource);
        registry.awaitStatus("llm-01", model, "available");
        String requestId = "delete-" + UUID.randomUUID();
        given().header("Authorization", Tokens.admin()).header("X-Request-Id", requestId)
                .contentType(ContentType.JSON).body(Map.of("name", model))
                .post("/management/models/delete").then().statusCode(200)
                .body("name", equalTo(model)).body("forced", equalTo(false))
                .body("hosts.find { it.host == 'llm-01' }.status", equalTo("deleted"))
                .body("hosts.find { it.host == 'llm-02' }.status", equalTo("not_found"));
        assertFalse(llm01.installedModels().contains(model));
        registry.awaitStatus("llm-01", model, "deleted");
        Map<String, Object> row = new AuditRows(dataSource).awaitOne(requestId);
        assertEquals("models.delete", row.get("action"));
        assertEquals(model, row.get("target"));
        assertEquals("ok", row.get("outcome"));
    }

    @Test
    void aModelTheCatalogRoutesToIsRefusedUnlessForced() {
        Hosts.pullDirectly(llm02, "llama3.1:8b");
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "llama3.1:8b", "host", "llm-02"))
                .post("/management/models/delete").then().statusCode(409)
                .body("error.code", equalTo("model_in_use"))
                .body("error.message", containsString("force"));
        assertTrue(llm02.installedModels().contains("llama3.1:8b"));
        RecordedRequest catalog = gateway.controls().lastRequest("/v1/models").orElseThrow();
        assertEquals("Bearer test-only-service-token-0123456789abcdef", catalog.header("Authorization").orElse(null),
                "the gateway is asked with the service token when no API key is configured");

        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "llama3.1:8b", "host", "llm-02", "force", true))
                .post("/management/models/delete").then().statusCode(200)
                .body("forced", equalTo(true)).body("hosts[0].status", equalTo("deleted"));
        assertFalse(llm02.installedModels().contains("llama3.1:8b"));
    }

    @Test
    void nothingIsDeletedWhileTheCatalogCannotBeRead() {
        String model = "unsure-" + UUID.randomUUID() + ":latest";
        Hosts.pullDirectly(llm01, model);
        gateway.controls().failNext(1, 500);
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", model, "host", "llm-01"))
                .post("/management/models/delete").then().statusCode(503)
                .header("Retry-After", equalTo("10"))
                .body("error.code", equalTo("catalog_unavailable"));
        assertTrue(llm01.installedModels().contains(model));
    }

    @Test
    void aModelNoHostHasIsA404() {
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "never-" + UUID.randomUUID()))
                .post("/management/models/delete").then().statusCode(404)
                .body("error.code", equalTo("model_not_found"));
    }

    @Test
    void anOperatorMayNotDelete() {
        String requestId = "delete-op-" + UUID.randomUUID();
        given().header("Authorization", Tokens.operator()).header("X-Request-Id", requestId)
                .contentType(ContentType.JSON).body(Map.of("name", "phi3:latest", "force", true))
                .post("/management/models/delete").then().statusCode(403);
        assertTrue(llm01.installedModels().contains("phi3:latest"));
        Map<String, Object> row = new AuditRows(dataSource).awaitOne(requestId);
        assertEquals("models.delete", row.get("action"));
        assertEquals("denied", row.get("outcome"));
        assertEquals("operator-olga", row.get("user_id"));
    }
}
