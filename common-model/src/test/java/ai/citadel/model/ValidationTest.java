package ai.citadel.model;

import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.model.embedding.EmbeddingBatchRequest;
import ai.citadel.model.embedding.EmbeddingGenerateRequest;
import ai.citadel.model.ollama.OllamaChatRequest;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import ai.citadel.model.openai.EmbeddingRequest;
import ai.citadel.model.vector.VectorSearchRequest;
import ai.citadel.model.vector.VectorStoreRequest;
import ai.citadel.model.vector.VectorUpdateRequest;
import ai.citadel.model.workflow.WorkflowCreateRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static ai.citadel.model.WireJson.parse;
import static ai.citadel.model.WireJson.read;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The constraint annotations on the records are seen by a Bean Validation provider, so a service that validates
 * its request bodies answers 400 naming the offending fields.
 */
class ValidationTest {

    private static ValidatorFactory factory;
    private static Validator validator;

    @BeforeAll
    static void createValidator() {
        factory = Validation.buildDefaultValidatorFactory();
        validator = factory.getValidator();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    private static Set<String> invalidPaths(Object value) {
        Set<ConstraintViolation<Object>> violations = validator.validate(value);
        return violations.stream().map(v -> v.getPropertyPath().toString())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void documentedExamplesAreValid() {
        assertEquals(Set.of(), invalidPaths(read("openai/chat-request-all-fields.json", ChatCompletionRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("openai/chat-request-image.json", ChatCompletionRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("openai/completion-request-all-fields.json",
                CompletionRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("openai/embedding-request-batch.json", EmbeddingRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("ollama/chat-request-tools.json", OllamaChatRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("embedding/batch-request.json", EmbeddingBatchRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("vector/store-request.json", VectorStoreRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("vector/search-request.json", VectorSearchRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("vector/update-request.json", VectorUpdateRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("workflow/create-request.json", WorkflowCreateRequest.class)));
        assertEquals(Set.of(), invalidPaths(read("agui/run-agent-input.json", RunAgentInput.class)));
    }

    @Test
    void chatRequestLimits() {
        ChatCompletionRequest request = parse("""
                {"model":" ","messages":[{"content":"no role"}],"temperature":2.5,"top_p":-0.1,"n":0,
                 "tools":[{"type":"function","function":{"name":""}}]}
                """, ChatCompletionRequest.class);
        assertEquals(Set.of("messages[0].role", "model", "n", "temperature", "tools[0].function.name", "topP"),
                invalidPaths(request));
        assertEquals(Set.of("messages"), invalidPaths(parse("{\"model\":\"m\",\"messages\":[]}",
                ChatCompletionRequest.class)));
    }

    @Test
    void nestedPartsAndToolCallsAreValidated() {
        ChatCompletionRequest request = parse("""
                {"model":"m","messages":[{"role":"user","content":[{"text":"no type"}]},
                 {"role":"assistant","tool_calls":[{}]}]}
                """, ChatCompletionRequest.class);
        assertEquals(Set.of("messages[0].content.parts[0].type", "messages[1].toolCalls[0].function",
                "messages[1].toolCalls[0].id", "messages[1].toolCalls[0].type"), invalidPaths(request));
    }

    @Test
    void embeddingRequests() {
        assertEquals(Set.of("text"), invalidPaths(parse("{\"text\":\"\"}", EmbeddingGenerateRequest.class)));
        assertEquals(Set.of("batchSize", "texts[1].<list element>"),
                invalidPaths(parse("{\"texts\":[\"a\",\" \"],\"batch_size\":0}", EmbeddingBatchRequest.class)));
        assertEquals(Set.of("encodingFormat", "input"),
                invalidPaths(parse("{\"model\":\"m\",\"encoding_format\":\"int8\"}", EmbeddingRequest.class)));
    }

    @Test
    void vectorRequestsNeedTextOrVector() {
        assertEquals(Set.of("textOrVectorPresent"),
                invalidPaths(parse("{\"collection\":\"c\",\"metadata\":{}}", VectorStoreRequest.class)));
        assertEquals(Set.of("limit", "queryOrVectorPresent"),
                invalidPaths(parse("{\"collection\":\"c\",\"limit\":0}", VectorSearchRequest.class)));
        assertEquals(Set.of("changePresent", "id"),
                invalidPaths(parse("{\"collection\":\"c\",\"id\":\"\"}", VectorUpdateRequest.class)));
    }

    @Test
    void workflowSteps() {
        WorkflowCreateRequest request = parse("""
                {"steps":[{"id":"has space","type":"embedding","params":{}},{"id":"b","retry":{"max_attempts":11}},
                          {"id":"p","type":"parallel","steps":[{"id":"c","type":"llm_query","retry":{"backoff_ms":-1}}]}]}
                """, WorkflowCreateRequest.class);
        assertEquals(Set.of("steps[0].id", "steps[1].retry.maxAttempts", "steps[1].type",
                "steps[2].steps[0].retry.backoffMs"), invalidPaths(request));
        assertEquals(Set.of("steps"), invalidPaths(parse("{\"steps\":[]}", WorkflowCreateRequest.class)));
    }
}
