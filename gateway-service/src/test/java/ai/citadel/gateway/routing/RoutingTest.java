package ai.citadel.gateway.routing;

import ai.citadel.gateway.audit.AuditRows;
import ai.citadel.gateway.rest.SseEvents;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import ai.citadel.testing.quarkus.OpenAiSimulatorResource;
import ai.citadel.testing.quarkus.RedisFaultProxyResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routing across backends that serve the same model (docs/gateway.md#routing-strategies): strategies, retries of
 * answers broken off mid-way, conversation affinity, and what audit and metrics say about them. llm-01, llm-02 and
 * Redis sit behind fault proxies.
 */
@QuarkusTest
@TestProfile(RoutingProfile.class)
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "url-property", value = "citadel.backends.llm-01.url"),
        @ResourceArg(name = "name", value = "llm-01"),
        @ResourceArg(name = "models", value = "phi3:latest,openchat:latest,mixtral:latest,"
                + "nous-hermes2-mixtral:latest,llama3:latest"),
        @ResourceArg(name = "fault-proxy", value = "true")})
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "url-property", value = "citadel.backends.llm-02.url"),
        @ResourceArg(name = "name", value = "llm-02"),
        @ResourceArg(name = "fault-proxy", value = "true")})
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "url-property", value = "citadel.backends.llm-03.url"),
        @ResourceArg(name = "name", value = "llm-03")})
@QuarkusTestResource(value = OpenAiSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "url-property", value = "citadel.backends.llm-04.url"),
        @ResourceArg(name = "url-suffix", value = "/v1"),
        @ResourceArg(name = "models", value = "llama3:latest"),
        @ResourceArg(name = "name", value = "llm-04")})
@QuarkusTestResource(value = RedisFaultProxyResource.class, restrictToAnnotatedClass = true)
class RoutingTest {

    static final String ANSWER = "why is the sky blue why is the sky blue why is";

    @InjectSimulator("llm-01")
    OllamaSimulator llm01;

    @InjectSimulator("llm-02")
    OllamaSimulator llm02;

    @InjectSimulator("llm-03")
    OllamaSimulator llm03;

    @InjectSimulator("llm-04")
    OpenAiSimulator llm04;

    @InjectFaultProxy("llm-01")
    FaultProxy proxy01;

    @InjectFaultProxy("llm-02")
    FaultProxy proxy02;

    @InjectFaultProxy("redis")
    FaultProxy redis;

    @Inject
    DataSource dataSource;

    ExecutorService clients = Executors.newFixedThreadPool(8);
    String run;

    @BeforeEach
    void healthyBackends() {
        run = "routing-" + UUID.randomUUID() + "-";
        awaitAllCircuitsClosed();
        List.of(llm01, llm02, llm03, llm04).forEach(simulator -> simulator.controls().reset());
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
        List.of(proxy01, proxy02, redis).forEach(FaultProxy::restore);
    }

    @Test
    void modelsListShowsStrategyWeightsAndLoad() {
        given().get("/v1/models").then()
                .statusCode(200)
                .body("object", equalTo("list"))
                .body("data.find { it.id == 'phi3:latest' }.routing", equalTo("weighted"))
                .body("data.find { it.id == 'phi3:latest' }.backends.name", equalTo(List.of("llm-01", "llm-02")))
                .body("data.find { it.id == 'phi3:latest' }.backends.weight", equalTo(List.of(3, 1)))
                .body("data.find { it.id == 'phi3:latest' }.backends.in_flight", equalTo(List.of(0, 0)))
                .body("data.find { it.id == 'openchat:latest' }.routing", equalTo("least-in-flight"))
                .body("data.find { it.id == 'mixtral:latest' }.routing", equalTo("priority"));
    }

    @Test
    void weightedStrategySplitsTrafficByWeight() throws Exception {
        double metered = MetricsScrape.value(
                "citadel_gateway_backend_requests_total{backend=\"llm-01\",strategy=\"weighted\"}");
        int requests = 200;
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(clients.submit(() -> chat("phi3", false, null)));
        }
        for (Future<Response> answer : answers) {
            answer.get().then().statusCode(200).body("choices[0].message.content", equalTo(ANSWER));
        }
        int first = llm01.controls().requestCount("/api/chat");
        int second = llm02.controls().requestCount("/api/chat");
        assertEquals(requests, first + second);
        // weights 3:1, so llm-01 gets 75 %; 0.1 is more than three standard deviations at 200 requests
        assertEquals(0.75, first / (double) requests, 0.1, "llm-01 got " + first + " of " + requests);
        assertEquals(first, MetricsScrape.value(
                "citadel_gateway_backend_requests_total{backend=\"llm-01\",strategy=\"weighted\"}") - metered);
    }

    @Test
    void weightedStrategySpreadsOverThreeBackends() throws Exception {
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(clients.submit(() -> chat("nous-hermes2-mixtral", false, null)));
        }
        for (Future<Response> answer : answers) {
            answer.get().then().statusCode(200);
        }
        // weights 3:1:1
        assertEquals(60, llm01.controls().requestCount("/api/chat"), 15);
        assertEquals(20, llm02.controls().requestCount("/api/chat"), 12);
        assertEquals(20, llm03.controls().requestCount("/api/chat"), 12);
    }

    @Test
    void leastInFlightSendsTheNextRequestToTheIdleBackend() throws Exception {
        llm01.controls().hang();
        llm02.controls().hang();
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> chat("openchat", false, null), clients);
        await(() -> held(llm01) + held(llm02) == 1);
        OllamaSimulator busy = held(llm01) == 1 ? llm01 : llm02;
        OllamaSimulator idle = busy == llm01 ? llm02 : llm01;

        CompletableFuture<Response> second = CompletableFuture.supplyAsync(() -> chat("openchat", false, null),
                clients);
        await(() -> held(idle) == 1);
        assertEquals(1, held(busy), "the busy backend got nothing more");
        given().get("/v1/models").then()
                .body("data.find { it.id == 'openchat:latest' }.backends.in_flight", equalTo(List.of(1, 1)));

        llm01.controls().release();
        llm02.controls().release();
        first.get().then().statusCode(200);
        second.get().then().statusCode(200);
    }

    @Test
    void answersBrokenOffBeforeTheClientSawAnythingAreRetriedOnTheOtherBackend() throws Exception {
        double retriesBefore = MetricsScrape.sum("citadel_gateway_retries_total", "phase=\"mid_answer\"");
        // mixtral prefers llm-01, which answers slowly and is then cut off mid-answer
        llm01.controls().delayBetweenTokens(Duration.ofMillis(100));
        List<Future<Response>> answers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String requestId = run + "killed-" + i;
            answers.add(clients.submit(() -> chat("mixtral", false, requestId)));
        }
        await(() -> llm01.controls().requestCount("/api/chat") == 6);
        Thread.sleep(300);
        proxy01.cut();
        try {
            for (Future<Response> answer : answers) {
                answer.get().then().statusCode(200)
                        .header("X-Citadel-Backend", "llm-02")
                        .body("choices[0].message.content", equalTo(ANSWER));
            }
        } finally {
            proxy01.restore();
        }
        assertEquals(6, llm02.controls().requestCount("/api/chat"));
        assertEquals(6.0, MetricsScrape.sum("citadel_gateway_retries_total", "phase=\"mid_answer\"")
                - retriesBefore);
        new AuditRows(dataSource).awaitRequests(run + "killed-", rows -> rows.size() == 6
                && rows.stream().allMatch(row -> "llm-02".equals(row.get("backend"))
                && "completed".equals(row.get("status"))));
    }

    @Test
    void aBackendKilledMidRunFailsNoRequestThatHadSentTheClientNothingYet() throws Exception {
        // llm-01 (mixtral's first choice) answers after 500 ms, then a token every 100 ms
        llm01.controls().delayBeforeFirstToken(Duration.ofMillis(500)).delayBetweenTokens(Duration.ofMillis(100));
        List<Future<Response>> whole = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            whole.add(clients.submit(() -> chat("mixtral", false, null)));
        }
        await(() -> llm01.controls().requestCount("/api/chat") == 4);
        Thread.sleep(800); // those answers are half-way through
        List<Future<Response>> streams = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            streams.add(clients.submit(() -> chat("mixtral", true, null)));
        }
        await(() -> llm01.controls().requestCount("/api/chat") == 8); // these streams have no token yet
        proxy01.cut();
        for (Future<Response> answer : whole) {
            answer.get().then().statusCode(200).body("choices[0].message.content", equalTo(ANSWER));
        }
        for (Future<Response> stream : streams) {
            Response response = stream.get();
            response.then().statusCode(200).header("X-Citadel-Backend", "llm-02");
            SseEvents events = SseEvents.parse(response.asString());
            assertEquals(ANSWER, events.text());
            assertTrue(events.endsWithDone());
        }
        assertEquals(8, llm02.controls().requestCount("/api/chat"));
    }

    @Test
    void anAnswerNoBackendCouldFinishIsAuditedWithTheBackendThatFailedLast() {
        llm01.controls().errorAfterTokens(3, "model runner crashed");
        llm02.controls().errorAfterTokens(3, "model runner crashed");
        Response response = chat("mixtral", false, run + "both-broke");
        response.then().statusCode(503)
                .body("error.code", equalTo("backend_unavailable"));
        assertTrue(response.jsonPath().getString("error.message").contains("the answer broke off"),
                response.asString());
        Map<String, Object> row = new AuditRows(dataSource)
                .awaitRequests(run + "both-broke", rows -> rows.size() == 1).getFirst();
        assertEquals("llm-02", row.get("backend"));
        assertEquals(503, ((Number) row.get("http_status")).intValue());
    }

    @Test
    void aConversationStaysOnItsBackendAndMovesWhenThatBackendFails() {
        double hits = MetricsScrape.value("citadel_gateway_affinity_total{result=\"hit\"}");
        String conversation = UUID.randomUUID().toString();
        String turn = laterTurn("phi3");
        String home = chatTurn(conversation, turn).then().statusCode(200).extract().header("X-Citadel-Backend");
        for (int i = 0; i < 8; i++) {
            chatTurn(conversation, turn).then().statusCode(200).header("X-Citadel-Backend", home);
        }
        // a client that does not send the conversation id back is recognised by its leading messages
        chatTurn(null, turn).then().statusCode(200).header("X-Citadel-Backend", home);
        assertEquals(9.0, MetricsScrape.value("citadel_gateway_affinity_total{result=\"hit\"}") - hits);

        FaultProxy homeLink = home.equals("llm-01") ? proxy01 : proxy02;
        homeLink.cut();
        String moved = chatTurn(conversation, turn).then().statusCode(200).extract().header("X-Citadel-Backend");
        assertNotEquals(home, moved);
        homeLink.restore();
        for (int i = 0; i < 4; i++) {
            chatTurn(conversation, turn).then().statusCode(200).header("X-Citadel-Backend", moved);
        }
    }

    @Test
    void aTurnSentTheInstantTheLastOneEndedFindsItsBackendBeforeRedisHasIt() {
        String conversation = UUID.randomUUID().toString();
        String turn = laterTurn("phi3");
        chatTurn(conversation, turn).then().statusCode(200);
        double hits = MetricsScrape.value("citadel_gateway_affinity_total{result=\"hit\"}");
        redis.blackhole();
        try {
            // Redis holds this turn's read (a miss at the timeout) and its write of the backend that answered it
            String answeredBy = chatTurn(conversation, turn).then().statusCode(200).extract()
                    .header("X-Citadel-Backend");
            // the next turn, while that write is still on its way, reads it from this replica
            chatTurn(conversation, turn).then().statusCode(200).header("X-Citadel-Backend", answeredBy);
        } finally {
            redis.restore();
        }
        assertEquals(1.0, MetricsScrape.value("citadel_gateway_affinity_total{result=\"hit\"}") - hits);
    }

    @Test
    void aConversationIsServedWithoutAffinityWhileRedisIsAway() {
        String conversation = UUID.randomUUID().toString();
        String turn = laterTurn("phi3");
        chatTurn(conversation, turn).then().statusCode(200);
        redis.cut();
        double misses = MetricsScrape.value("citadel_gateway_affinity_total{result=\"miss\"}");
        for (int i = 0; i < 5; i++) {
            chatTurn(conversation, turn).then().statusCode(200).body("choices[0].message.content",
                    equalTo("and what about rain and what about rain and what about rain"));
        }
        assertEquals(5.0, MetricsScrape.value("citadel_gateway_affinity_total{result=\"miss\"}") - misses);
    }

    @Test
    void aVoiceStreamCutMidAnswerFinishesOnTheOtherBackendWhereItStopped() {
        double continued = MetricsScrape.sum("citadel_gateway_retries_total", "phase=\"mid_stream\"");
        // tokens spaced out so the gateway has read them before the reset (a reset discards unread bytes)
        llm01.controls().cutAfterTokens(4).delayBetweenTokens(Duration.ofMillis(50));
        String conversation = UUID.randomUUID().toString();
        Response response = given().contentType(ContentType.JSON).header("X-Request-Id", run + "continued")
                .header("X-Conversation-Id", conversation)
                .body("""
                        {"model":"mixtral","stream_options":{"include_usage":true},
                         "messages":[{"role":"user","content":"why is the sky blue"}]}""")
                .post("/v1/voice/chat/completions");
        response.then().statusCode(200).header("X-Citadel-Backend", "llm-01");

        SseEvents events = SseEvents.parse(response.asString());
        assertEquals(ANSWER, events.text(), "one uninterrupted answer");
        assertTrue(events.endsWithDone());
        assertEquals(12, events.json().getLast().getInt("usage.completion_tokens"), "4 from llm-01, 8 from llm-02");
        JsonPath asked = JsonPath.from(llm02.controls().lastRequest("/api/chat").orElseThrow().body());
        assertEquals("assistant", asked.getString("messages[-1].role"));
        assertEquals("why is the sky", asked.getString("messages[-1].content"));
        assertEquals(1.0, MetricsScrape.sum("citadel_gateway_retries_total", "phase=\"mid_stream\"") - continued);
        Map<String, Object> row = new AuditRows(dataSource)
                .awaitRequests(run + "continued", rows -> rows.size() == 1).getFirst();
        assertEquals("llm-01,llm-02", row.get("backend"));
        assertEquals("completed", row.get("status"));

        llm01.controls().reset();
        given().contentType(ContentType.JSON).header("X-Conversation-Id", conversation)
                .body("""
                        {"model":"mixtral","messages":[{"role":"user","content":"why is the sky blue"},
                         {"role":"assistant","content":"%s"},{"role":"user","content":"and at sunset?"}]}"""
                        .formatted(ANSWER))
                .post("/v1/chat/completions")
                .then().statusCode(200).header("X-Citadel-Backend", "llm-02");
    }

    @Test
    void aCopilotStreamContinuesOnAnOpenAiBackendWithContinueFinalMessage() {
        llm01.controls().cutAfterTokens(3).delayBetweenTokens(Duration.ofMillis(50));
        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON)
                .body("""
                        {"model":"llama3:latest","messages":[{"role":"user","content":"why is the sky blue"}]}""")
                .post("/v1/copilot/completions").asString());
        assertEquals(ANSWER, events.text());
        assertTrue(events.endsWithDone());
        JsonPath asked = JsonPath.from(llm04.controls().lastRequest("/v1/chat/completions").orElseThrow().body());
        assertEquals(true, asked.getBoolean("continue_final_message"));
        assertEquals(false, asked.getBoolean("add_generation_prompt"));
        assertEquals("why is the", asked.getString("messages[-1].content"));
    }

    @Test
    void aStreamNoOtherBackendCanContinueEndsWithTheErrorEvent() {
        llm01.controls().cutAfterTokens(4).delayBetweenTokens(Duration.ofMillis(50));
        llm02.controls().errorAfterTokens(0, "model runner crashed");
        SseEvents events = SseEvents.parse(given().contentType(ContentType.JSON)
                .body("""
                        {"model":"mixtral","messages":[{"role":"user","content":"why is the sky blue"}]}""")
                .post("/v1/voice/chat/completions").asString());
        assertEquals("why is the sky", events.text());
        assertEquals("backend_stream_broken", events.json().getLast().getString("error.code"));
        assertTrue(!events.endsWithDone());
    }

    @Test
    void aCallThatRanOutOfTimeIsAuditedWithTheBackendItWaitedFor() {
        llm01.controls().hang();
        given().contentType(ContentType.JSON).header("X-Request-Id", run + "timed-out")
                .body("""
                        {"model":"mixtral","messages":[{"role":"user","content":"why is the sky blue"}]}""")
                .post("/v1/agents/stream?agent_type=tight").then()
                .statusCode(504)
                .body("error.code", equalTo("stream_time_limit"));
        Map<String, Object> row = new AuditRows(dataSource)
                .awaitRequests(run + "timed-out", rows -> rows.size() == 1).getFirst();
        assertEquals("llm-01", row.get("backend"));
        assertEquals("timeout", row.get("status"));
    }

    /** The second turn of a chat of its own: its leading messages are new to the gateway. */
    private static String laterTurn(String model) {
        return """
                {"model":"%s","messages":[{"role":"user","content":"tell me about clouds %s"},
                 {"role":"assistant","content":"clouds are water"},
                 {"role":"user","content":"and what about rain"}]}""".formatted(model, UUID.randomUUID());
    }

    private static Response chatTurn(String conversation, String body) {
        var request = given().contentType(ContentType.JSON).body(body);
        if (conversation != null) {
            request.header("X-Conversation-Id", conversation);
        }
        return request.post("/v1/chat/completions");
    }

    private static Response chat(String model, boolean stream, String requestId) {
        var request = given().contentType(ContentType.JSON).body("""
                {"model":"%s","stream":%s,"messages":[{"role":"user","content":"why is the sky blue"}]}"""
                .formatted(model, stream));
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return request.post("/v1/chat/completions");
    }

    private static int held(OllamaSimulator simulator) {
        return simulator.controls().heldRequestCount();
    }

    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "condition never held");
            sleep(20);
        }
    }

    /** A test that opened a circuit leaves it open for the breaker's delay (1 s). */
    private static void awaitAllCircuitsClosed() {
        Instant deadline = Instant.now().plusSeconds(10);
        while (MetricsScrape.sum("citadel_backend_circuit_state") != 0.0) {
            assertTrue(Instant.now().isBefore(deadline), "circuits stayed open");
            sleep(500);
            // once the delay is over, a request lets the breaker try its backend again
            chat("nous-hermes2-mixtral", false, null);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
