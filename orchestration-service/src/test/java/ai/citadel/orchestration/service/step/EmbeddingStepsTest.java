package ai.citadel.orchestration.service.step;

import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import ai.citadel.testing.quarkus.EmbeddingServiceSimulatorResource;
import ai.citadel.testing.quarkus.InjectSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static ai.citadel.orchestration.service.step.StepCalls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code embedding}, {@code vector_store} and {@code vector_search} steps against the embedding service. */
@QuarkusTest
@TestProfile(EmbeddingStepsProfile.class)
@QuarkusTestResource(value = EmbeddingServiceSimulatorResource.class, restrictToAnnotatedClass = true)
class EmbeddingStepsTest {

    @InjectSimulator
    EmbeddingServiceSimulator service;

    @Inject
    StepRunners runners;

    StepCalls embedding;
    StepCalls store;
    StepCalls search;

    @BeforeEach
    void steps() {
        embedding = new StepCalls(runners, WorkflowStepType.EMBEDDING);
        store = new StepCalls(runners, WorkflowStepType.VECTOR_STORE);
        search = new StepCalls(runners, WorkflowStepType.VECTOR_SEARCH);
    }

    @Test
    void everyStepTypeButParallelHasItsRunner() {
        for (WorkflowStepType type : WorkflowStepType.values()) {
            assertEquals(type != WorkflowStepType.PARALLEL, runners.runs(type), type.wireName());
        }
        assertThrows(IllegalArgumentException.class, () -> runners.run(WorkflowStepType.PARALLEL,
                StepCalls.object("{}"), new StepContext("wf-1", "group", 1, TokenListener.NONE)));
    }

    @Test
    void embedsOneTextOrSeveralWithTheServiceToken() {
        JsonNode one = embedding.run("""
                {"text":"why is the sky blue"}""");
        JsonNode several = embedding.run("""
                {"texts":["first","second"],"model":"nomic-embed-text"}""");

        assertEquals("all-minilm", one.path("model").asText());
        assertEquals(384, one.path("dimensions").asInt());
        assertEquals(1, one.path("embeddings").size());
        assertEquals(service.vector("all-minilm", "why is the sky blue")[7],
                one.path("embeddings").path(0).path(7).floatValue());
        assertEquals("nomic-embed-text", several.path("model").asText());
        assertEquals(2, several.path("embeddings").size());
        assertEquals(768, several.path("embeddings").path(1).size());
        assertEquals(service.vector("nomic-embed-text", "second")[0],
                several.path("embeddings").path(1).path(0).floatValue());
        var sent = service.controls().lastRequest("/api/v1/embeddings/batch").orElseThrow();
        assertEquals("Bearer test-only-service-token-0123456789abcdef", sent.header("Authorization").orElseThrow());
        assertEquals("wf-1:step:1", sent.header("X-Request-Id").orElseThrow(), "names workflow, step and attempt");
    }

    @Test
    void storedTextsAreFoundByQueryOrByVector() {
        store.run("""
                {"collection":"steps-docs","id":"sky","text":"why is the sky blue","metadata":{"topic":"sky"}}""");
        JsonNode stored = store.run("""
                {"collection":"steps-docs","id":"sea","text":"why is the sea salty","metadata":{"topic":"sea"}}""");
        JsonNode byQuery = search.run("""
                {"collection":"steps-docs","query":"why is the sky blue","limit":"1"}""");
        JsonNode vector = embedding.run("""
                {"text":"why is the sea salty"}""").path("embeddings").path(0);
        JsonNode byVector = search.run("{\"collection\":\"steps-docs\",\"vector\":\"" + vector + "\"}");
        JsonNode filtered = search.run("""
                {"collection":"steps-docs","query":"why is the sky blue","filter":{"topic":"sea"}}""");

        assertTrue(stored.path("success").asBoolean());
        assertEquals("sea", stored.path("id").asText());
        assertEquals(384, stored.path("dimensions").asInt());
        assertEquals("steps-docs", byQuery.path("collection").asText());
        assertEquals("all-minilm", byQuery.path("model").asText());
        assertEquals(1, byQuery.path("matches").size(), "limit given as a rendered string");
        JsonNode best = byQuery.path("matches").path(0);
        assertEquals("sky", best.path("id").asText());
        assertEquals(1.0, best.path("score").asDouble(), 1e-6);
        assertEquals("why is the sky blue", best.path("text").asText());
        assertEquals("sky", best.path("metadata").path("topic").asText());
        assertEquals("sea", byVector.path("matches").path(0).path("id").asText(), "a vector rendered into a string");
        assertTrue(byVector.path("model").isMissingNode());
        assertEquals(1, filtered.path("matches").size());
        assertEquals("sea", filtered.path("matches").path(0).path("id").asText());
    }

    @Test
    void aStoreWithoutIdWritesOnePointHoweverOftenItIsAttempted() {
        String params = """
                {"collection":"steps-retried","text":"written twice"}""";

        JsonNode first = store.start(params, "wf-7", "remember", 1).await().indefinitely();
        JsonNode second = store.start(params, "wf-7", "remember", 2).await().indefinitely();
        JsonNode otherStep = store.start(params, "wf-7", "remember-too", 1).await().indefinitely();

        assertEquals(first.path("id").asText(), second.path("id").asText());
        assertFalse(first.path("id").asText().equals(otherStep.path("id").asText()));
        assertEquals(2, service.pointCount("steps-retried"));
    }

    @Test
    void requestsTheServiceRefusesFailAtOnceWithItsMessage() {
        store.run("""
                {"collection":"steps-refused","text":"x"}""");

        StepFailure unknownCollection = search.failure("""
                {"collection":"steps-nowhere","query":"x"}""");
        StepFailure unknownModel = embedding.failure("""
                {"text":"x","model":"gpt-4"}""");
        StepFailure wrongLength = store.failure("""
                {"collection":"steps-refused","vector":[0.1,0.2]}""");

        assertFalse(unknownCollection.retryable());
        assertEquals("collection_not_found", unknownCollection.code());
        assertEquals("embedding-service answered 404: no collection 'steps-nowhere'", unknownCollection.getMessage());
        assertFalse(unknownModel.retryable());
        assertEquals("unknown_model", unknownModel.code());
        assertTrue(unknownModel.getMessage().contains("unknown model 'gpt-4'"));
        assertFalse(wrongLength.retryable());
        assertTrue(wrongLength.getMessage().contains("holds vectors of 384 dimensions"), wrongLength.getMessage());
    }

    @Test
    void outagesAndSlownessAreRetryable() {
        service.controls().failNext(1, 503);
        StepFailure unavailable = embedding.failure("""
                {"text":"x"}""");
        service.controls().hang();
        StepFailure slow = embedding.failure("""
                {"text":"x"}""");

        assertTrue(unavailable.retryable());
        assertEquals(StepFailure.DEPENDENCY_ERROR, unavailable.code());
        assertTrue(slow.retryable());
        assertEquals(StepFailure.TIMEOUT, slow.code());
        assertEquals("embedding-service did not answer within 1s", slow.getMessage());
        await(() -> service.controls().abandonedRequestCount() == 1, "the late request is given up");
    }

    @Test
    void cancellingTheStepAbortsTheCall() {
        service.controls().hang();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Cancellable running = search.start("""
                {"collection":"steps-docs","query":"x"}""", "wf-1", "search", 1)
                .subscribe().with(outcome::set, outcome::set);
        await(() -> service.controls().heldRequestCount() == 1 || outcome.get() != null, "the search is in flight");
        assertNull(outcome.get());

        running.cancel();

        await(() -> service.controls().abandonedRequestCount() == 1, "the simulator sees the request end");
        assertNull(outcome.get(), "a cancelled step ends with neither output nor failure");
    }

    @Test
    void paramsOfTheWrongTypeFailWithoutACall() {
        assertInvalid(search, """
                {"collection":"steps-docs","query":"x","limit":"x"}""", "param 'limit' must be an integer, got \"x\"");
        assertInvalid(search, """
                {"collection":"steps-docs","vector":"not a vector"}""", "param 'vector' is a string that holds no JSON");
        assertInvalid(search, """
                {"collection":"steps-docs","vector":[0.1,"a"]}""", "param 'vector[1]' must be a finite number");
        assertInvalid(search, """
                {"collection":"steps-docs"}""", "param 'query' or 'vector' is required");
        assertInvalid(search, """
                {"collection":"steps-docs","query":"x","filter":[1]}""", "param 'filter' must be an object");
        assertInvalid(store, """
                {"text":"x"}""", "param 'collection' is required");
        assertInvalid(store, """
                {"collection":{"name":"x"},"text":"x"}""", "param 'collection' must be a string");
        assertInvalid(embedding, """
                {"texts":"one"}""", "param 'texts' must be a non-empty array of strings");
        assertInvalid(embedding, """
                {"texts":["one",""]}""", "param 'texts[1]' must be a non-blank string");
        assertInvalid(embedding, """
                {"text":"one","texts":["two"]}""", "param 'texts' cannot come with 'text'");
        assertInvalid(embedding, "{}", "param 'text' (or 'texts') is required");
        assertEquals(0, service.controls().requestCount(), "nothing was sent");
    }

    private static void assertInvalid(StepCalls step, String params, String message) {
        StepFailure failure = step.failure(params);
        assertEquals(StepFailure.INVALID_PARAMS, failure.code());
        assertFalse(failure.retryable());
        assertTrue(failure.getMessage().startsWith(message), failure.getMessage());
    }
}
