package ai.citadel.gateway.bounds;

import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway keeps its work bounded and says so clearly: saturation, time limits, request sizes, metric labels. */
@QuarkusTest
@TestProfile(BoundsProfile.class)
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class BoundsTest {

    static final String CHAT = """
            {"model":"phi3","messages":[{"role":"user","content":"why is the sky blue"}]}""";
    static final String IN_FLIGHT = "citadel_gateway_backend_in_flight{backend=\"llm-02\"}";
    static final String SATURATED = "citadel_gateway_backend_saturated_total{backend=\"llm-02\"}";
    static final String CIRCUIT = "citadel_backend_circuit_state{backend=\"llm-02\"}";
    static final String UP = "citadel_backend_up{backend=\"llm-02\"}";

    @InjectSimulator
    OllamaSimulator ollama;

    /** A test that failed half-way may leave streams running; the next one starts with every slot free. */
    @AfterEach
    void awaitSlotsFree() {
        ollama.controls().reset();
        await(() -> MetricsScrape.value(IN_FLIGHT) == 0.0, "every slot came back", Duration.ofSeconds(30));
    }

    @Test
    void aSaturatedBackendRefusesAtOnceWithRetryAfterAndStaysHealthy() throws Exception {
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then().statusCode(200);
        ollama.controls().reset();
        double refusedBefore = MetricsScrape.value(SATURATED);
        ollama.controls().delayBeforeFirstToken(Duration.ofSeconds(10));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // three streams (gui profile: 120 s) hold llm-02's three slots
        List<CompletableFuture<HttpResponse<String>>> held = IntStream.range(0, 3)
                .mapToObj(i -> client.sendAsync(post("/v1/gui/chat/completions", CHAT),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        await(() -> MetricsScrape.value(IN_FLIGHT) == 3.0, "three requests in flight");
        await(() -> ollama.controls().requestCount("/api/chat") == 2, "two reached the backend");
        Instant saturatedSince = Instant.now();

        for (int i = 0; i < 3; i++) {
            long before = System.nanoTime();
            given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                    .statusCode(503)
                    .header("Retry-After", "3")
                    .body("error.type", equalTo("server_error"))
                    .body("error.code", equalTo("backend_saturated"))
                    .body("error.message", containsString("llm-02"));
            long millis = (System.nanoTime() - before) / 1_000_000;
            // 200 ms of waiting; the margin is for loaded build machines, below the 10 s the slots stay taken
            assertTrue(millis < 8000, "refused after the 200 ms wait, not when a slot came free: " + millis + " ms");
        }
        assertTrue(held.stream().noneMatch(CompletableFuture::isDone), "refused while every slot was taken");
        assertEquals(3.0, MetricsScrape.value(SATURATED) - refusedBefore);
        assertEquals(2, ollama.controls().requestCount("/api/chat"),
                "the pool's two connections carry two streams; the third waits for one, refusals send nothing");

        // past a probe's wait for a connection (the 500 ms connect timeout) and a probe interval: probes must not
        // queue behind the streams
        Thread.sleep(Math.max(0, 2000 - Duration.between(saturatedSince, Instant.now()).toMillis()));
        assertEquals(1.0, MetricsScrape.value(UP), "probes still reach the backend");
        assertEquals(0.0, MetricsScrape.value(CIRCUIT), "refusals are not the backend's failures");
        given().get("/v1/models").then()
                .body("data.find { it.id == 'phi3:latest' }.backends[0].available", equalTo(true));

        ollama.controls().delayBeforeFirstToken(Duration.ZERO);
        for (CompletableFuture<HttpResponse<String>> stream : held) {
            HttpResponse<String> response = stream.get(20, TimeUnit.SECONDS);
            assertEquals(200, response.statusCode());
            assertTrue(response.body().endsWith("data: [DONE]\n\n"), "the held streams were served in full");
        }
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then().statusCode(200);
    }

    @Test
    void aNonStreamingCallEndsAtTheTimeLimitWith504() {
        ollama.controls().delayBetweenTokens(Duration.ofSeconds(1)); // 12 tokens: 12 s, beyond the 4 s limit
        long before = System.nanoTime();
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                .statusCode(504)
                .body("error.type", equalTo("server_error"))
                .body("error.code", equalTo("request_time_limit"))
                .body("error.message", containsString("4 s"));
        long millis = (System.nanoTime() - before) / 1_000_000;
        assertTrue(millis >= 3800 && millis < 9000, "ended at the limit: " + millis + " ms");
        await(() -> MetricsScrape.value(IN_FLIGHT) == 0.0, "the backend request was cancelled");
    }

    @Test
    void requestsOverALimitAre400NamingTheField() {
        String phi3 = "{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        Map<String, String> refused = Map.ofEntries(
                Map.entry(phi3 + ",\"max_tokens\":65}", "max_tokens"),
                Map.entry(phi3 + ",\"max_completion_tokens\":65}", "max_completion_tokens"),
                Map.entry(phi3 + ",\"stream\":true,\"max_tokens\":65}", "max_tokens"),
                Map.entry("{\"model\":\"mixtral\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"max_tokens\":32769}", "max_tokens"),
                Map.entry("{\"model\":\"phi3\",\"messages\":" + messages(9) + "}", "messages"),
                Map.entry(phi3 + ",\"tools\":" + tools(3) + "}", "tools"),
                Map.entry(phi3 + ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", "stop"),
                Map.entry(phi3 + ",\"logit_bias\":" + logitBias(301) + "}", "logit_bias"));
        refused.forEach((body, param) -> given().contentType(ContentType.JSON).body(body)
                .post("/v1/chat/completions").then()
                .statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.code", equalTo("invalid_request"))
                .body("error.param", equalTo(param)));
        String prompt = "{\"model\":\"phi3\",\"prompt\":\"once upon a time\"";
        completion(prompt + ",\"max_tokens\":65}").statusCode(400).body("error.param", equalTo("max_tokens"));
        completion(prompt + ",\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}").statusCode(400)
                .body("error.param", equalTo("stop"));
        assertEquals(0, ollama.controls().requestCount("/api/chat") + ollama.controls().requestCount("/api/generate"),
                "nothing went to the backend");

        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"messages\":" + messages(8) + ",\"max_tokens\":64,\"tools\":" + tools(2)
                        + ",\"stop\":[\"a\",\"b\",\"c\",\"d\"],\"logit_bias\":" + logitBias(300) + "}")
                .post("/v1/chat/completions").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"mixtral\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"max_completion_tokens\":32768}")
                .post("/v1/chat/completions").then().statusCode(200);
        completion(prompt + ",\"max_tokens\":64}").statusCode(200);
    }

    @Test
    void modelLabelsNeverCarryCallersText() {
        String invented = "invented-" + UUID.randomUUID();
        double unknownBefore = MetricsScrape.sum("citadel_gateway_requests_total", "model=\"unknown\"");
        given().contentType(ContentType.JSON).body(CHAT.replace("phi3", invented))
                .post("/v1/chat/completions").then().statusCode(404);
        given().contentType(ContentType.JSON).body(CHAT.replace("\"phi3\"", "\"" + invented + "\",\"stream\":true"))
                .post("/v1/chat/completions").then().statusCode(404);
        completion("{\"model\":\"" + invented + "\",\"prompt\":\"hi\"}").statusCode(404);
        given().contentType(ContentType.JSON).body("{\"model\":\"" + invented + "\",\"input\":\"hi\"}")
                .post("/v1/embeddings");

        String metrics = given().get("/metrics").asString();
        assertFalse(metrics.contains(invented), "no series names the invented model");
        assertEquals(4.0, MetricsScrape.sum("citadel_gateway_requests_total", "model=\"unknown\"") - unknownBefore);
        // an alias is labelled with its model's canonical name
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then().statusCode(200);
        assertTrue(MetricsScrape.sum("citadel_gateway_completion_tokens_total", "model=\"phi3:latest\"") > 0);
    }

    private static ValidatableResponse completion(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/v1/completions").then();
    }

    private static String messages(int count) {
        return IntStream.range(0, count).mapToObj(i -> "{\"role\":\"user\",\"content\":\"turn " + i + "\"}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String tools(int count) {
        return IntStream.range(0, count).mapToObj(i -> "{\"type\":\"function\",\"function\":{\"name\":\"tool_" + i
                        + "\",\"parameters\":{\"type\":\"object\"}}}")
                .collect(Collectors.joining(",", "[", "]"));
    }

    private static String logitBias(int entries) {
        return IntStream.range(0, entries).mapToObj(i -> "\"" + i + "\":1")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static void await(BooleanSupplier condition, String what) {
        await(condition, what, Duration.ofSeconds(10));
    }

    private static void await(BooleanSupplier condition, String what, Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
