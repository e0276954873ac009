package ai.citadel.gateway.routing;

import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backend whose circuit closes again gets its traffic back over the recovery ramp, not all at once. */
@QuarkusTest
@TestProfile(RecoveryRampTest.Ramp.class)
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "url-property", value = "citadel.backends.llm-01.url"),
        @ResourceArg(name = "name", value = "llm-01")})
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "url-property", value = "citadel.backends.llm-02.url"),
        @ResourceArg(name = "name", value = "llm-02")})
class RecoveryRampTest {

    /** phi3 prefers llm-01 (priority); a circuit opens after three failures, tries again after a second; 8 s ramp. */
    public static class Ramp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "citadel.backends.llm-01.type", "ollama",
                    "citadel.models.\"phi3:latest\".backends", "llm-01,llm-02",
                    "citadel.routing.circuit-breaker.request-volume-threshold", "3",
                    "citadel.routing.circuit-breaker.failure-ratio", "1.0",
                    "citadel.routing.circuit-breaker.delay", "1s",
                    "citadel.routing.recovery-ramp", "8s");
        }
    }

    static final String CIRCUIT = "citadel_backend_circuit_state{backend=\"llm-01\"}";

    @InjectSimulator("llm-01")
    OllamaSimulator llm01;

    @InjectSimulator("llm-02")
    OllamaSimulator llm02;

    @Test
    void aRecoveredBackendGetsItsTrafficBackGradually() throws Exception {
        assertEquals(20, toLlm01(20), "warmed up, and llm-01 is preferred");
        // a 500 to generations only: failNext would also fail health probes
        llm01.controls().errorAfterTokens(0, "model runner crashed");
        for (int i = 0; i < 3; i++) {
            chat("llm-02");
        }
        assertEquals(1.0, MetricsScrape.value(CIRCUIT), "llm-01's circuit is open");
        llm01.controls().clearStreamFault();

        Thread.sleep(1100);
        chat("llm-01"); // the breaker's trial: llm-01 has recovered
        assertEquals(0.0, MetricsScrape.value(CIRCUIT));
        long recovered = System.nanoTime();

        int early = toLlm01(20);
        assertTrue(System.nanoTime() - recovered < 2_500_000_000L, "the first requests came early in the ramp");
        assertTrue(early <= 10, "right after recovering, llm-01 got " + early + " of 20");

        sleepUntil(recovered, 4_000);
        int halfway = toLlm01(20);
        assertTrue(halfway > early && halfway < 20, "halfway through the ramp, llm-01 got " + halfway + " of 20");

        sleepUntil(recovered, 8_100);
        assertEquals(20, toLlm01(20), "after the ramp, llm-01 takes all of phi3 again");
    }

    /** Sends requests one after the other and counts those llm-01 served. */
    private int toLlm01(int requests) {
        int before = llm01.controls().requestCount("/api/chat");
        for (int i = 0; i < requests; i++) {
            given().contentType(ContentType.JSON)
                    .body("""
                            {"model":"phi3","messages":[{"role":"user","content":"why is the sky blue"}]}""")
                    .post("/v1/chat/completions").then().statusCode(200);
        }
        return llm01.controls().requestCount("/api/chat") - before;
    }

    private static void chat(String expectedBackend) {
        given().contentType(ContentType.JSON)
                .body("""
                        {"model":"phi3","messages":[{"role":"user","content":"why is the sky blue"}]}""")
                .post("/v1/chat/completions").then().statusCode(200)
                .header("X-Citadel-Backend", expectedBackend);
    }

    private static void sleepUntil(long startNanos, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - startNanos) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }
}
