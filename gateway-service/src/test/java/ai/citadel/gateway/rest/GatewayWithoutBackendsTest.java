package ai.citadel.gateway.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.fail;

/** A gateway whose only backend does not answer, and the OpenAI error envelope its clients then get. */
@QuarkusTest
@TestProfile(GatewayWithoutBackendsTest.UnreachableBackend.class)
class GatewayWithoutBackendsTest {

    public static class UnreachableBackend implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // port 9 (discard) is closed on a build machine: connections are refused at once
            return Map.of("citadel.backends.llm-02.url", "http://127.0.0.1:9",
                    "citadel.routing.probe-interval", "200ms");
        }
    }

    @Test
    void chatIs503NamingTheBackendAndWhy() {
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then()
                .statusCode(503)
                .body("error.type", equalTo("server_error"))
                .body("error.code", equalTo("backend_unavailable"))
                .body("error.message", allOf(containsString("phi3:latest"), containsString("llm-02")));
    }

    @Test
    void readinessIsDownNamingTheBackend() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (Instant.now().isBefore(deadline)) {
            if (given().get("/health/ready").statusCode() == 503) {
                given().get("/health/ready").then()
                        .body("checks.find { it.name == 'LLM backends' }.status", equalTo("DOWN"))
                        .body("checks.find { it.name == 'LLM backends' }.data.llm-02", containsString("down"));
                return;
            }
            sleep();
        }
        fail("readiness stayed UP with no backend answering");
    }

    @Test
    void unknownV1RouteAnswersInTheOpenAiEnvelope() {
        given().get("/v1/no-such-endpoint").then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("error.message", containsString("/v1/no-such-endpoint"))
                .body("error.type", equalTo("not_found_error"))
                .body("error", hasKey("param"))
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void pathsOutsideV1KeepTheCitadelEnvelope() {
        given().get("/admin/no-such-endpoint").then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"))
                .body("error", not(hasKey("type")));
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
