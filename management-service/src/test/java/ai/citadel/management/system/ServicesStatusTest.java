package ai.citadel.management.system;

import ai.citadel.management.ManagementProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static ai.citadel.management.system.OperatorCalls.asOperator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /management/services} against the {@link PlatformStubs}: orchestration ready, embedding with Redis
 * down, gateway not running, management answering or hanging, and a URL where no Citadel service answers.
 */
@QuarkusTest
@TestProfile(ManagementProfile.class)
class ServicesStatusTest {

    @AfterEach
    void answerAgain() {
        PlatformStubs.answer();
    }

    @Test
    void saysWhichServicesAreReadyAndWhyTheOthersAreNot() {
        JsonPath status = services();

        assertFalse(status.getBoolean("all_ready"));
        assertEquals(List.of("embedding", "gateway", "legacy", "management", "orchestration"),
                status.getList("services.name"));

        assertTrue(status.getBoolean("services[4].ready"));
        assertEquals("UP", status.getString("services[4].status"));
        assertEquals(PlatformStubs.VERSION, status.getString("services[4].version"));
        assertTrue(status.getLong("services[4].latency_ms") >= 0);
        assertNull(status.get("services[4].error"));

        assertFalse(status.getBoolean("services[0].ready"));
        assertEquals("DOWN", status.getString("services[0].status"));
        assertEquals(List.of("Redis connection health check"), status.getList("services[0].checks_down"));
        assertEquals(PlatformStubs.VERSION, status.getString("services[0].version"));

        assertFalse(status.getBoolean("services[1].ready"));
        assertEquals("connection refused", status.getString("services[1].error"));
        assertEquals("http://127.0.0.1:9", status.getString("services[1].url"));
        assertNull(status.get("services[1].latency_ms"));

        assertFalse(status.getBoolean("services[2].ready"));
        assertEquals("answered HTTP 404 without a health status", status.getString("services[2].error"));
    }

    @Test
    void aServiceThatHangsCostsOneDeadlineAndIsReportedDown() {
        PlatformStubs.hang();
        long start = System.nanoTime();

        JsonPath status = services();

        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 6_000, "answered after the 3 s deadline");
        assertFalse(status.getBoolean("services[3].ready"));
        assertEquals("no answer within 3000 ms", status.getString("services[3].error"));
        assertTrue(status.getBoolean("services[4].ready"), "the others are still reported");
    }

    @Test
    void noCredentialNoStatus() {
        given().noFilters().get("/management/services").then()
                .statusCode(401)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("unauthenticated"));
    }

    private static JsonPath services() {
        return asOperator().get("/management/services").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }
}
