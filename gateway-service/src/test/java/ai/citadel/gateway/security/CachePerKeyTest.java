package ai.citadel.gateway.security;

import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The response cache answers a key only with what that key asked before (citadel.cache.shared-across-keys off). */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class CachePerKeyTest {

    @InjectSimulator
    OllamaSimulator ollama;

    @Test
    void oneKeysCachedAnswerIsNeverAnotherKeysAnswer() {
        String alice = ApiKeysTest.create("cache-alice", null, null).path("key");
        String bob = ApiKeysTest.create("cache-bob", null, null).path("key");
        String question = "{\"model\":\"phi3\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"tell me about " + UUID.randomUUID() + "\"}]}";
        int backendCalls = ollama.controls().requestCount("/api/chat");

        double stores = MetricsScrape.value("citadel_gateway_cache_stores_total");
        ask(alice, question).then().statusCode(200).header("X-Citadel-Cache", "miss");
        for (int i = 0; i < 100 && MetricsScrape.value("citadel_gateway_cache_stores_total") <= stores; i++) {
            sleep();
        }
        ask(alice, question).then().statusCode(200).header("X-Citadel-Cache", "hit");

        ask(bob, question).then().statusCode(200).header("X-Citadel-Cache", "miss");
        assertEquals(backendCalls + 2, ollama.controls().requestCount("/api/chat"), "bob's question was asked");
    }

    private static Response ask(String key, String body) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key).body(body)
                .post("/v1/chat/completions");
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
