package ai.citadel.orchestration.service.step;

import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.testing.RecordedRequest;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OpenAiSimulatorResource;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static ai.citadel.orchestration.service.step.StepCalls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code llm_query} step across two gateways: answers, streaming, failover, refusals, the circuits, cancel. */
@QuarkusTest
@TestProfile(TwoGatewaysProfile.class)
@QuarkusTestResource(value = OpenAiSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "url-property", value = "citadel.gateways.llm-01.url"),
        @ResourceArg(name = "name", value = "llm-01")})
@QuarkusTestResource(value = OpenAiSimulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "url-property", value = "citadel.gateways.llm-02.url"),
        @ResourceArg(name = "name", value = "llm-02")})
class LlmQueryStepTest {

    static final String CHAT = "/v1/chat/completions";
    static final String ASK = """
            {"prompt":"why is the sky blue"}""";
    static final String ASK_STREAMED = """
            {"prompt":"why is the sky blue","stream":true}""";
    static final String ANSWER = "why is the sky blue why is the sky blue why is";
    static final String CIRCUIT = "citadel_orchestration_gateway_circuit_open{gateway=\"llm-01\"}";

    @InjectSimulator("llm-01")
    OpenAiSimulator first;

    @InjectSimulator("llm-02")
    OpenAiSimulator second;

    @Inject
    StepRunners runners;

    StepCalls llm;

    @BeforeEach
    void step() {
        llm = new StepCalls(runners, WorkflowStepType.LLM_QUERY);
    }

    /**
     * Healthy gateways again, and calls that succeed: they close a circuit a test opened (once its delay is over, a
     * call lets the breaker try the gateway again) and push a test's failures out of the breaker's window.
     */
    @AfterEach
    void healthyAgain() throws InterruptedException {
        first.controls().reset();
        second.controls().reset();
        for (int tries = 0; tries < 5 && MetricsScrape.value(CIRCUIT) == 1.0; tries++) {
            Thread.sleep(1100);
            llm.run(ASK);
        }
        for (int call = 0; call < 4; call++) {
            llm.run(ASK);
        }
        assertEquals(0.0, MetricsScrape.value(CIRCUIT));
    }

    @Test
    void theFirstGatewayAnswersWithItsApiKey() {
        JsonNode output = llm.run("""
                {"prompt":"why is the sky blue","system":"be brief","temperature":"0.2","max_tokens":50}""");

        assertEquals(ANSWER, output.path("content").asText());
        assertEquals("phi3:latest", output.path("model").asText(), "the configured default model");
        assertEquals("llm-01", output.path("gateway").asText());
        assertEquals("stop", output.path("finish_reason").asText());
        assertEquals(12, output.path("usage").path("completion_tokens").asInt());
        assertEquals(0, second.controls().requestCount());
        RecordedRequest sent = first.controls().lastRequest(CHAT).orElseThrow();
        assertEquals("Bearer " + TwoGatewaysProfile.API_KEY, sent.header("Authorization").orElseThrow());
        assertEquals("wf-1:step:1", sent.header("X-Request-Id").orElseThrow());
        JsonNode body = StepCalls.object(sent.body());
        assertEquals("system", body.path("messages").path(0).path("role").asText());
        assertEquals("be brief", body.path("messages").path(0).path("content").asText());
        assertEquals("why is the sky blue", body.path("messages").path(1).path("content").asText());
        assertEquals(0.2, body.path("temperature").asDouble());
        assertEquals(50, body.path("max_tokens").asInt());
        assertFalse(body.path("stream").asBoolean());
    }

    @Test
    void aConversationAndAModelMayBeGiven() {
        JsonNode output = llm.run("""
                {"model":"mixtral:latest","messages":[{"role":"user","content":"hello there"},
                 {"role":"assistant","content":"hi"},{"role":"user","content":"tell me more"}]}""");

        assertEquals("mixtral:latest", output.path("model").asText());
        assertTrue(output.path("content").asText().startsWith("tell me more tell me more"));
    }

    @Test
    void streamedTokensReachTheListenerAsTheyCome() {
        JsonNode output = llm.run(ASK_STREAMED);

        assertEquals(ANSWER, output.path("content").asText());
        assertEquals(12, llm.tokens.size(), "one delta per token");
        assertEquals(ANSWER, String.join("", llm.tokens));
        assertEquals("stop", output.path("finish_reason").asText());
        assertEquals(12, output.path("usage").path("completion_tokens").asInt(), "usage asked for and kept");
        assertTrue(StepCalls.object(first.controls().lastRequestBody().orElseThrow()).path("stream").asBoolean());
    }

    /** A Citadel gateway sends {@code : keep-alive} comments while a model is slow to answer. */
    @Test
    void keepAliveCommentsInTheStreamAreSkipped() {
        first.controls().sseComments(true);

        JsonNode output = llm.run(ASK_STREAMED);

        assertEquals("llm-01", output.path("gateway").asText());
        assertEquals(ANSWER, String.join("", llm.tokens));
        assertEquals(ANSWER, output.path("content").asText());
    }

    @Test
    void aGatewayAnswering5xxIsFailedOverWithTheServiceToken() {
        first.controls().failNext(1, 503);

        JsonNode output = llm.run(ASK);

        assertEquals("llm-02", output.path("gateway").asText());
        assertEquals(ANSWER, output.path("content").asText());
        assertEquals("Bearer test-only-service-token-0123456789abcdef",
                second.controls().lastRequest(CHAT).orElseThrow().header("Authorization").orElseThrow(),
                "a gateway without an API key gets the service token");
    }

    @Test
    void aDeadGatewayIsFailedOverBeforeTheFirstToken() {
        first.controls().cutAfterTokens(0);

        JsonNode output = llm.run(ASK_STREAMED);

        assertEquals("llm-02", output.path("gateway").asText());
        assertEquals(ANSWER, String.join("", llm.tokens), "the listener saw one answer, whole");
    }

    @Test
    void aRefusedRequestIsNeitherFailedOverNorRetryable() {
        first.controls().failNext(1, 400);
        StepFailure refused = llm.failure(ASK);
        StepFailure unknownModel = llm.failure("""
                {"prompt":"x","model":"no-such-model"}""");

        assertFalse(refused.retryable());
        assertTrue(refused.getMessage().startsWith("llm-01 answered 400: simulated failure"), refused.getMessage());
        assertFalse(unknownModel.retryable());
        assertTrue(unknownModel.getMessage().startsWith("llm-01 answered 404: "), unknownModel.getMessage());
        assertEquals(0, second.controls().requestCount());
    }

    @Test
    void whenEveryGatewayFailsEachOnesReasonIsGiven() {
        first.controls().hang();
        second.controls().failNext(1, 503);

        StepFailure failure = llm.failure(ASK);

        assertTrue(failure.retryable());
        assertEquals(StepFailure.NO_GATEWAY, failure.code());
        assertTrue(failure.getMessage().startsWith("no gateway could answer: llm-01: timeout; llm-02: 503 "),
                failure.getMessage());
        await(() -> first.controls().abandonedRequestCount() == 1, "the timed-out request is given up");
    }

    @Test
    void aStreamThatBreaksAfterTokensFailsTheAttemptWithoutFailover() {
        first.controls().errorAfterTokens(3, "the backend went away");
        StepFailure errorEvent = llm.failure(ASK_STREAMED);
        int tokensBeforeError = llm.tokens.size();
        first.controls().clearStreamFault().cutAfterTokens(3);
        StepFailure cut = llm.failure(ASK_STREAMED);
        first.controls().clearStreamFault().tokenCount(50).delayBetweenTokens(Duration.ofMillis(200));
        first.controls().delayBeforeFirstToken(Duration.ZERO);
        StepFailure silent = llm.failure("""
                {"prompt":"why is the sky blue","stream":true,"max_tokens":50}""");

        assertEquals(3, tokensBeforeError);
        assertTrue(errorEvent.retryable());
        assertEquals(StepFailure.STREAM_BROKEN, errorEvent.code());
        assertTrue(errorEvent.getMessage().contains("the backend went away"), errorEvent.getMessage());
        assertTrue(cut.retryable());
        assertEquals(StepFailure.STREAM_BROKEN, cut.code());
        assertTrue(silent.retryable(), "the whole answer took longer than its deadline");
        assertEquals(0, second.controls().requestCount(), "tokens were out: no other gateway starts over");
    }

    @Test
    void theCircuitOpensAfterRepeatedFailuresAndTheGaugeShowsIt() {
        first.controls().failNext(4, 500);
        for (int call = 0; call < 4; call++) {
            assertEquals("llm-02", llm.run(ASK).path("gateway").asText());
        }

        assertEquals(1.0, MetricsScrape.value(CIRCUIT));
        assertEquals("llm-02", llm.run(ASK).path("gateway").asText());
        assertEquals(4, first.controls().requestCount(), "an open circuit sends nothing");
        assertEquals(0.0, MetricsScrape.value("citadel_orchestration_gateway_circuit_open{gateway=\"llm-02\"}"));
    }

    @Test
    void cancellingTheStepAbortsTheCall() {
        first.controls().hang();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Cancellable waiting = llm.start(ASK, "wf-1", "ask", 1).subscribe().with(outcome::set, outcome::set);
        await(() -> first.controls().heldRequestCount() == 1 || outcome.get() != null, "the call is in flight");

        waiting.cancel();

        await(() -> first.controls().abandonedRequestCount() == 1, "the gateway sees the request end");
        first.controls().reset();
        first.controls().tokenCount(100).delayBetweenTokens(Duration.ofMillis(50));
        Cancellable streaming = llm.start("""
                {"prompt":"why is the sky blue","stream":true,"max_tokens":100}""", "wf-1", "ask", 2)
                .subscribe().with(outcome::set, outcome::set);
        await(() -> !llm.tokens.isEmpty(), "the first tokens arrived");

        streaming.cancel();

        await(() -> first.controls().abandonedRequestCount() == 1, "the stream is given up mid-way");
        assertNull(outcome.get(), "a cancelled step ends with neither output nor failure");
        assertEquals(0, second.controls().requestCount(), "a cancelled call is not failed over");
    }

    @Test
    void paramsOfTheWrongTypeFailWithoutACall() {
        assertInvalid("""
                {"prompt":"x","temperature":"hot"}""", "param 'temperature' must be a number, got \"hot\"");
        assertInvalid("""
                {"prompt":"x","max_tokens":1.5}""", "param 'max_tokens' must be an integer");
        assertInvalid("""
                {"prompt":"x","stream":"yes"}""", "param 'stream' must be true or false");
        assertInvalid("""
                {"messages":"hello"}""", "param 'messages' must be a non-empty array");
        assertInvalid("""
                {"messages":[{"role":"wizard","content":"x"}]}""", "param 'messages' must be OpenAI chat messages");
        assertInvalid("""
                {"prompt":"x","messages":[{"role":"user","content":"y"}]}""", "param 'messages' cannot come with");
        assertInvalid("{}", "param 'prompt' (or 'messages') is required");
        assertEquals(0, first.controls().requestCount() + second.controls().requestCount());
    }

    private void assertInvalid(String params, String message) {
        StepFailure failure = llm.failure(params);
        assertEquals(StepFailure.INVALID_PARAMS, failure.code());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().startsWith(message), failure.getMessage());
    }
}
