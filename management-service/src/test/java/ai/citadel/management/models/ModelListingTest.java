package ai.citadel.management.models;

import ai.citadel.management.ManagementProfile;
import ai.citadel.management.Tokens;
import ai.citadel.management.audit.AuditRows;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the hosts hold and run, and what each says of a model, for operators: every host at once or the one named,
 * a host that is cut off reported as such while the others answer.
 */
@QuarkusTest
@TestProfile(ManagementProfile.class)
class ModelListingTest {

    @InjectSimulator("llm-01")
    OllamaSimulator llm01;

    @InjectFaultProxy("llm-02")
    FaultProxy llm02Network;

    @Inject
    DataSource dataSource;

    @AfterEach
    void reconnect() {
        llm02Network.restore();
    }

    @Test
    void anOperatorListsTheModelsOfEveryHost() {
        given().header("Authorization", Tokens.operator()).get("/management/models/list").then().statusCode(200)
                .body("hosts", hasSize(2))
                .body("hosts[0].host", equalTo("llm-01")).body("hosts[0].status", equalTo("ok"))
                .body("hosts[0].models.name", hasItem("nomic-embed-text:latest"))
                .body("hosts[0].models.find { it.name == 'phi3:latest' }.details.family", equalTo("phi3"))
                .body("hosts[0].models.find { it.name == 'phi3:latest' }.size", equalTo(2176178913L))
                .body("hosts[1].host", equalTo("llm-02")).body("hosts[1].status", equalTo("ok"))
                .body("hosts[1].models.name", hasItem("all-minilm:latest"))
                .body("hosts[1].models.name", not(hasItem("nomic-embed-text:latest")));
    }

    @Test
    void aHostCutOffIsReportedWhileTheOthersAnswer() {
        llm02Network.cut();
        String requestId = "list-cut-" + UUID.randomUUID();
        given().header("Authorization", Tokens.operator()).header("X-Request-Id", requestId)
                .get("/management/models/list").then().statusCode(200)
                .body("hosts[0].status", equalTo("ok")).body("hosts[0].models.name", hasItem("phi3:latest"))
                .body("hosts[1].host", equalTo("llm-02")).body("hosts[1].status", equalTo("unavailable"))
                .body("hosts[1].error", notNullValue()).body("hosts[1].models", nullValue());
        Map<String, Object> row = new AuditRows(dataSource).awaitOne(requestId);
        assertEquals("models.list", row.get("action"));
        assertEquals("partial", row.get("outcome"));
        assertEquals(200, row.get("status"));
        llm02Network.restore();
        Hosts.awaitBothUp();
    }

    @Test
    void oneHostIsAskedWhenNamed() {
        given().header("Authorization", Tokens.operator()).get("/management/models/list?host=llm-02")
                .then().statusCode(200).body("hosts", hasSize(1)).body("hosts[0].host", equalTo("llm-02"));
    }

    @Test
    void anUnknownHostIsA400NamingTheKnownOnes() {
        given().header("Authorization", Tokens.operator()).get("/management/models/list?host=llm-99")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error.code", equalTo("unknown_host"))
                .body("error.message", containsString("llm-01, llm-02"));
    }

    @Test
    void infoSaysPerHostWhatItKnowsOfTheModel() {
        String requestId = "info-" + UUID.randomUUID();
        given().header("Authorization", Tokens.operator()).header("X-Request-Id", requestId)
                .get("/management/models/nomic-embed-text/info").then().statusCode(200)
                .body("name", equalTo("nomic-embed-text"))
                .body("hosts[0].status", equalTo("ok"))
                .body("hosts[0].info.details.family", equalTo("nomic-bert"))
                .body("hosts[0].info.capabilities", hasItem("embedding"))
                .body("hosts[1].status", equalTo("not_found")).body("hosts[1].info", nullValue());
        Map<String, Object> row = new AuditRows(dataSource).awaitOne(requestId);
        assertEquals("models.info", row.get("action"));
        assertEquals("nomic-embed-text", row.get("target"));
        assertEquals("ok", row.get("outcome"), "a host without the model is an answer, not a failure");
    }

    @Test
    void runningListsWhatEachHostHasInMemory() {
        Hosts.load(llm01, "phi3:latest");
        given().header("Authorization", Tokens.operator()).get("/management/models/running?host=llm-01")
                .then().statusCode(200)
                .body("hosts[0].models.name", hasItem("phi3:latest"))
                .body("hosts[0].models[0].expires_at", notNullValue());
    }

    @Test
    void theConfiguredCatalogSaysWhoHoldsEachModelAndWhatIsMissing() {
        given().header("Authorization", Tokens.operator()).get("/management/models/configured").then()
                .statusCode(200)
                .body("gateway.status", equalTo("ok"))
                .body("hosts.status", equalTo(java.util.List.of("ok", "ok")))
                .body("models.find { it.name == 'phi3:latest' }.held_by", equalTo(java.util.List.of("llm-01", "llm-02")))
                .body("models.find { it.name == 'phi3:latest' }.missing_on", hasSize(0))
                .body("models.find { it.name == 'nomic-embed-text:latest' }.held_by", equalTo(java.util.List.of("llm-01")))
                .body("models.find { it.name == 'nomic-embed-text:latest' }.missing_on",
                        equalTo(java.util.List.of("llm-02")))
                .body("missing", hasItem("absent-model:latest"))
                .body("missing", not(hasItem("phi3:latest")));
    }
}
