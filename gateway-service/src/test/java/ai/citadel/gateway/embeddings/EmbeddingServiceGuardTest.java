package ai.citadel.gateway.embeddings;

import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import ai.citadel.testing.quarkus.EmbeddingServiceSimulatorResource;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The guard of embedding-service calls takes its timeout and circuit breaker from citadel.embedding-service.*. */
@QuarkusTest
@TestProfile(EmbeddingServiceGuardTest.ShortGuard.class)
@QuarkusTestResource(value = EmbeddingServiceSimulatorResource.class, restrictToAnnotatedClass = true)
class EmbeddingServiceGuardTest {

    /** A timeout well below the test profile's 2 s (and the default 30 s); the circuit opens after two failures. */
    public static class ShortGuard implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "citadel.embedding-service.timeout", "300ms",
                    "citadel.embedding-service.circuit-breaker.request-volume-threshold", "2",
                    "citadel.embedding-service.circuit-breaker.failure-ratio", "1.0",
                    "citadel.embedding-service.circuit-breaker.delay", "2s");
        }
    }

    @InjectSimulator
    EmbeddingServiceSimulator service;

    @Test
    void aSlowServiceFailsAtTheConfiguredTimeoutAndOpensTheCircuitAtTheConfiguredVolume() {
        warmUp();
        service.controls().reset();
        // answers within the test profile's 2 s, so only the configured 300 ms can turn it into a 503
        service.controls().delayBeforeFirstToken(Duration.ofMillis(1500));

        for (int i = 0; i < 2; i++) {
            embed().statusCode(503)
                    .body("error.code", equalTo("backend_unavailable"))
                    .body("error.message", equalTo("embedding-service is unavailable: it did not answer in time"));
        }

        embed().statusCode(503)
                .body("error.code", equalTo("backend_unavailable"))
                .body("error.message",
                        equalTo("embedding-service is unavailable: its circuit is open after repeated failures"));
        assertEquals(2, service.controls().requestCount("/v1/embeddings"), "the open circuit spared the service");
    }

    /**
     * The first calls to embedding-service pay for warming the client up and may miss the short timeout; once one
     * got through, the calls are as fast as they will be. A circuit opened meanwhile closes on that success.
     */
    private static void warmUp() {
        for (int i = 0; i < 20; i++) {
            if (embed().extract().statusCode() == 200) {
                return;
            }
            sleep(2100);
        }
        throw new AssertionError("embedding-service never answered within the timeout");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ValidatableResponse embed() {
        return given().contentType(ContentType.JSON).header("X-Citadel-Cache", "no-store")
                .body("{\"model\":\"all-minilm\",\"input\":\"guarded " + UUID.randomUUID() + "\"}")
                .post("/v1/embeddings").then();
    }
}
