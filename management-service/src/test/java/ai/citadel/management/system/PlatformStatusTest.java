package ai.citadel.management.system;

import ai.citadel.management.ManagementProfile;
import ai.citadel.management.Tokens;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static ai.citadel.management.system.OperatorCalls.asOperator;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /management/system/ollama-status} and {@code /storage-usage} against two Ollama simulators, llm-02
 * behind a fault proxy: a host cut off is one entry saying so, never a failed call.
 */
@QuarkusTest
@TestProfile(ManagementProfile.class)
class PlatformStatusTest {

    @InjectSimulator("llm-01")
    OllamaSimulator llm01;

    @InjectSimulator("llm-02")
    OllamaSimulator llm02;

    @InjectFaultProxy("llm-02")
    FaultProxy llm02Link;

    @Test
    void eachHostIsUpWithItsVersionLatencyAndLoadedModels() {
        String model = "phi3:latest";
        // a chat loads the model, as on a real host
        given().noFilters().contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post(llm01.baseUrl() + "/api/chat").then().statusCode(200);

        JsonPath status = ollamaStatus("");

        assertTrue(status.getBoolean("all_up"));
        assertEquals(List.of("llm-01", "llm-02"), status.getList("hosts.host"));
        assertEquals(List.of(true, true), status.getList("hosts.up"));
        assertEquals(List.of("ok", "ok"), status.getList("hosts.status"));
        assertEquals(List.of(OllamaSimulator.VERSION, OllamaSimulator.VERSION), status.getList("hosts.version"));
        assertEquals(llm01.baseUrl(), status.getString("hosts[0].url"));
        assertTrue(status.getLong("hosts[0].latency_ms") >= 0);
        assertEquals(List.of(model), status.getList("hosts[0].models_loaded.name"));
        assertTrue(status.getList("hosts[1].models_loaded").isEmpty());
    }

    @Test
    void aHostCutOffIsReportedAndTheOthersStillAnswer() {
        llm02Link.cut();
        JsonPath status;
        JsonPath storage;
        try {
            status = ollamaStatus("");
            storage = storage();
        } finally {
            llm02Link.restore();
            // the failures may have opened llm-02's circuit: the next test finds the host answering again
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> ollamaStatus("?host=llm-02").getBoolean("hosts[0].up"));
        }

        assertFalse(status.getBoolean("all_up"));
        assertTrue(status.getBoolean("hosts[0].up"));
        assertFalse(status.getBoolean("hosts[1].up"));
        assertEquals("unavailable", status.getString("hosts[1].status"));
        assertNotNull(status.getString("hosts[1].error"));
        assertNull(status.get("hosts[1].version"));

        assertEquals("ok", storage.getString("model_stores[0].status"));
        assertEquals("unavailable", storage.getString("model_stores[1].status"));
        assertNull(storage.get("model_stores[1].total_bytes"));
    }

    @Test
    void oneHostWhenTheCallerNamesIt() {
        assertEquals(List.of("llm-01"), ollamaStatus("?host=llm-01").getList("hosts.host"));

        asOperator().get("/management/system/ollama-status?host=llm-09").then()
                .statusCode(400)
                .body("error.code", equalTo("unknown_host"))
                .body("error.message", containsString("llm-01, llm-02"));
    }

    @Test
    void storageAddsUpEachModelStoreAndTheDataDirectories() {
        JsonPath storage = storage();

        for (int i = 0; i < 2; i++) {
            JsonPath tags = installed(i == 0 ? llm01 : llm02);
            List<Object> sizes = tags.getList("models.size");
            assertEquals("ok", storage.getString("model_stores[" + i + "].status"));
            assertEquals(sizes.size(), storage.getInt("model_stores[" + i + "].models"));
            assertEquals(sizes.stream().mapToLong(size -> ((Number) size).longValue()).sum(),
                    storage.getLong("model_stores[" + i + "].total_bytes"));
        }
        assertEquals(List.of("llm-01", "llm-02"), storage.getList("model_stores.host"));

        assertEquals(PlatformStubs.dataRoot().resolve("ollama/models").toString(),
                storage.getString("directories[0].path"));
        assertTrue(storage.getBoolean("directories[0].exists"));
        assertEquals(PlatformStubs.MODELS_BYTES, storage.getLong("directories[0].size_bytes"));
        assertEquals(2, storage.getInt("directories[0].files"));
        assertTrue(storage.getBoolean("directories[0].complete"));
        assertTrue(storage.getLong("directories[0].filesystem_free_bytes") > 0);
        assertFalse(storage.getBoolean("directories[1].exists"));
        assertEquals("does not exist", storage.getString("directories[1].error"));
    }

    @Test
    void operatorsAndAdminsOnly() {
        for (String path : new String[]{"/management/system/ollama-status", "/management/system/storage-usage"}) {
            given().noFilters().get(path).then().statusCode(401).body("error.code", equalTo("unauthenticated"));
            // a Citadel service's token is not an operator's
            given().get(path).then().statusCode(403).body("error.code", equalTo("forbidden"));
            given().header("Authorization", Tokens.admin()).get(path).then().statusCode(200);
        }
    }

    private static JsonPath installed(OllamaSimulator host) {
        return given().noFilters().get(host.baseUrl() + "/api/tags").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath ollamaStatus(String query) {
        return asOperator().get("/management/system/ollama-status" + query).then()
                .statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    private static JsonPath storage() {
        return asOperator().get("/management/system/storage-usage").then()
                .statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }
}
