package ai.citadel.orchestration.rest;

import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/v1/status} and readiness from the scheduled dependency checks, against the simulators. */
@QuarkusTest
@TestProfile(StatusProfile.class)
class StatusTest {

    private static final Duration WITHIN_A_FEW_CHECKS = Duration.ofSeconds(20);
    private static final List<String> DEPENDENCIES = List.of("embedding-service", "gateway:llm-01", "gateway:llm-02",
            "postgresql", "redis", "vector-store");

    @InjectSimulator("llm-01")
    OpenAiSimulator llm01;

    @InjectSimulator("llm-02")
    OpenAiSimulator llm02;

    @InjectSimulator
    EmbeddingServiceSimulator embeddingService;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyDependencyIsCheckedAndEachRoundRecorded() throws SQLException {
        JsonPath status = awaitStatus("UP");
        assertEquals(DEPENDENCIES, status.getList("dependencies.name"));
        assertEquals(List.of("embedding-service", "gateway", "gateway", "postgresql", "redis", "vector-store"),
                status.getList("dependencies.kind"));
        assertTrue(status.getList("dependencies.latency_ms", Integer.class).stream().allMatch(ms -> ms >= 0));
        assertTrue(status.getString("checked_at") != null);
        assertTrue(llm01.controls().requestCount("/v1/models") > 0, "a gateway is checked through its API");

        Map<String, Integer> rows = rowsByService();
        DEPENDENCIES.forEach(name -> assertTrue(rows.getOrDefault(name, 0) > 0, name + " recorded: " + rows));
    }

    @Test
    void aDependencyGoingDownShowsWithinACheckAndReadinessNeedsOneGateway() {
        awaitStatus("UP");
        llm02.controls().failNext(10_000, 503);
        JsonPath degraded = awaitStatus("DEGRADED");
        JsonPath llm02Status = dependency(degraded, "gateway:llm-02");
        assertEquals("DOWN", llm02Status.getString("status"));
        assertTrue(llm02Status.getString("last_error").contains("503"), llm02Status.getString("last_error"));
        given().get("/health/ready").then().statusCode(200);

        llm01.controls().failNext(10_000, 503);
        awaitStatus("DOWN");
        given().get("/health/ready").then().statusCode(503);

        llm01.controls().reset();
        llm02.controls().reset();
        JsonPath back = awaitStatus("UP");
        assertTrue(dependency(back, "gateway:llm-02").getString("last_error").contains("503"),
                "the last error stays after the dependency came back");
        given().get("/health/ready").then().statusCode(200);
    }

    @Test
    void statusRefusesACallerWithoutACredential() {
        given().header("Authorization", "").get("/api/v1/status").then().statusCode(401);
    }

    private static JsonPath awaitStatus(String expected) {
        JsonPath[] last = new JsonPath[1];
        try {
            await().atMost(WITHIN_A_FEW_CHECKS).pollInterval(Duration.ofMillis(200)).until(() -> {
                last[0] = given().get("/api/v1/status").then().statusCode(200).extract().jsonPath();
                return expected.equals(last[0].getString("status"))
                        && last[0].getList("dependencies").size() == DEPENDENCIES.size();
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("status not " + expected + " in time: " + last[0].prettify(), e);
        }
        return last[0];
    }

    private static JsonPath dependency(JsonPath status, String name) {
        return new JsonPath(status.prettify()).setRootPath("dependencies.find { it.name == '" + name + "' }");
    }

    private Map<String, Integer> rowsByService() throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             ResultSet result = connection.createStatement().executeQuery(
                     "select service, count(*) from orchestration.service_health_logs group by service")) {
            while (result.next()) {
                rows.put(result.getString(1), result.getInt(2));
            }
        }
        return rows;
    }
}
