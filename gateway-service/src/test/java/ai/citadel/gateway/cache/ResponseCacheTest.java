package ai.citadel.gateway.cache;

import ai.citadel.gateway.rest.SseEvents;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import ai.citadel.testing.quarkus.RedisFaultProxyResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repeated deterministic questions are answered from Redis; Redis trouble never reaches the client. */
@QuarkusTest
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisFaultProxyResource.class, restrictToAnnotatedClass = true)
class ResponseCacheTest {

    @InjectSimulator
    OllamaSimulator ollama;

    @InjectFaultProxy("redis")
    FaultProxy redis;

    /** Unique words per test, so answers cached by earlier runs never interfere. */
    String question;

    @BeforeEach
    void freshQuestion() {
        question = "tell me about " + UUID.randomUUID().toString().replace("-", " x");
    }

    @AfterEach
    void restoreRedis() {
        redis.restore();
    }

    @Test
    void deterministicRequestIsAnsweredFromTheCacheTheSecondTime() {
        double stores = stores();
        Response first = chat("phi3", ", \"temperature\": 0", null);
        first.then().statusCode(200).header("X-Citadel-Cache", "miss").header("X-Citadel-Backend", "llm-02");
        awaitStored(stores);

        Response second = chat("phi3:latest", ", \"temperature\": 0", null);
        second.then().statusCode(200)
                .header("X-Citadel-Cache", "hit")
                .header("X-Citadel-Backend", nullValue())
                .body("object", equalTo("chat.completion"))
                .body("model", equalTo("phi3:latest"))
                .body("choices[0].message.content", equalTo(first.jsonPath().getString("choices[0].message.content")))
                .body("usage.completion_tokens", equalTo(12));
        assertNotEquals(first.jsonPath().getString("id"), second.jsonPath().getString("id"));
        assertEquals(1, ollama.controls().requestCount("/api/chat"), "the alias resolved to the same cache entry");
    }

    @Test
    void everyParameterThatChangesTheAnswerIsPartOfTheKey() {
        double stores = stores();
        chat("phi3", ", \"temperature\": 0, \"max_tokens\": 5", null).then().header("X-Citadel-Cache", "miss");
        awaitStored(stores);
        chat("phi3", ", \"temperature\": 0, \"max_tokens\": 6", null).then().header("X-Citadel-Cache", "miss");
        chat("phi3", ", \"temperature\": 0, \"max_tokens\": 5, \"seed\": 1", null).then()
                .header("X-Citadel-Cache", "miss");
        chat("phi3", ", \"temperature\": 0, \"max_tokens\": 5, \"stop\": [\"x\"]", null).then()
                .header("X-Citadel-Cache", "miss");
        chat("phi3", ", \"temperature\": 0, \"max_tokens\": 5, \"user\": \"someone\"", null).then()
                .header("X-Citadel-Cache", "hit");
    }

    @Test
    void onlyDeterministicOrOptedInRequestsUseTheCache() {
        chat("phi3", "", null).then().header("X-Citadel-Cache", "bypass");
        chat("phi3", ", \"temperature\": 0.7", null).then().header("X-Citadel-Cache", "bypass");
        double stores = stores();
        chat("phi3", ", \"temperature\": 0.7", "use").then().header("X-Citadel-Cache", "miss");
        awaitStored(stores);
        chat("phi3", ", \"temperature\": 0.7", "use").then().header("X-Citadel-Cache", "hit");
        chat("phi3", ", \"temperature\": 0", "no-store").then().header("X-Citadel-Cache", "bypass");
    }

    @Test
    void aCachedAnswerIsReplayedAsAStreamUnderTheProfile() {
        double stores = stores();
        String answer = chat("phi3", ", \"temperature\": 0", null).jsonPath().getString("choices[0].message.content");
        awaitStored(stores);
        int backendCalls = ollama.controls().requestCount("/api/chat");

        Response streamed = given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"temperature\":0,\"messages\":[{\"role\":\"user\",\"content\":\""
                        + question + "\"}]}")
                .post("/v1/gui/chat/completions");
        streamed.then().statusCode(200).header("X-Citadel-Cache", "hit");
        SseEvents events = SseEvents.parse(streamed.asString());
        assertEquals(answer, events.text());
        assertTrue(events.endsWithDone());
        assertTrue(events.contents().stream()
                .allMatch(text -> Arrays.stream(text.split(" ")).filter(w -> !w.isBlank()).count() <= 10));
        assertEquals(backendCalls, ollama.controls().requestCount("/api/chat"));
    }

    @Test
    void withRedisCutOffRequestsAreServedUncached() {
        double missesBefore = MetricsScrape.sum("citadel_gateway_cache_requests_total", "result=\"miss\"");
        redis.cut();
        for (int i = 0; i < 6; i++) {
            chat("phi3", ", \"temperature\": 0", null).then()
                    .statusCode(200)
                    .header("X-Citadel-Cache", "miss")
                    .header("X-Citadel-Backend", "llm-02");
        }
        assertEquals(6, ollama.controls().requestCount("/api/chat"));
        assertEquals(missesBefore + 6, MetricsScrape.sum("citadel_gateway_cache_requests_total", "result=\"miss\""));
    }

    @Test
    void withRedisHangingRequestsAreServedUncached() {
        redis.blackhole();
        for (int i = 0; i < 3; i++) {
            chat("phi3", ", \"temperature\": 0", null).then()
                    .statusCode(200)
                    .header("X-Citadel-Cache", "miss")
                    .header("X-Citadel-Backend", "llm-02");
        }
    }

    private Response chat(String model, String parameters, String cacheHeader) {
        var request = given().contentType(ContentType.JSON)
                .body("{\"model\":\"" + model + "\"" + parameters + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                        + question + "\"}]}");
        if (cacheHeader != null) {
            request.header("X-Citadel-Cache", cacheHeader);
        }
        return request.post("/v1/chat/completions");
    }

    private static double stores() {
        return MetricsScrape.value("citadel_gateway_cache_stores_total");
    }

    /** Answers are cached in the background, after the client got them: wait for the store to land. */
    private static void awaitStored(double storesBefore) {
        for (int i = 0; i < 100 && stores() <= storesBefore; i++) {
            sleep(20);
        }
        assertTrue(stores() > storesBefore, "the answer was cached");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
