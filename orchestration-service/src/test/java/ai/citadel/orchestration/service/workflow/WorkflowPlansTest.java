package ai.citadel.orchestration.service.workflow;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.workflow.WorkflowCreateRequest;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.config.WorkflowConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkflowPlansTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final WorkflowPlans plans = plans(Map.of());

    @Test
    void aRagWorkflowBecomesStagesInOrderWithTheDefaultRetriesAndItsReferences() {
        WorkflowPlan plan = plans.compile(request("""
                {"input": {"question": "why is the sky blue?"},
                 "steps": [
                   {"id": "embed", "type": "embedding", "params": {"text": "{{input.question}}"}},
                   {"id": "search", "type": "vector_search",
                    "params": {"collection": "docs", "vector": "{{embed.output.embedding}}", "limit": 3},
                    "retry": {"max_attempts": 5, "backoff_ms": 100}},
                   {"id": "answer", "type": "llm_query", "retry": {"max_attempts": 1},
                    "params": {"model": "phi3", "max_tokens": 256,
                               "prompt": "Q: {{input.question}} Context: {{search.output.matches[0].text}} ({{embed.output.dimensions}})"}}
                 ]}"""));
        assertEquals(3, plan.stepsTotal());
        assertEquals(JSON.createObjectNode().put("question", "why is the sky blue?"), plan.input());
        PlannedStep embed = plan.steps().get(0);
        assertEquals(new PlannedStep("embed", WorkflowStepType.EMBEDDING, null, 0, 0,
                JSON.createObjectNode().put("text", "{{input.question}}"), 3, Duration.ofMillis(500), Set.of()), embed);
        PlannedStep search = plan.steps().get(1);
        assertEquals(List.of("search", "vector_search", 1, 1, 5, Duration.ofMillis(100), Set.of("embed")),
                List.of(search.id(), search.type().wireName(), search.stage(), search.index(), search.maxAttempts(),
                        search.backoff(), search.references()));
        PlannedStep answer = plan.steps().get(2);
        assertEquals(List.of(2, 2, 1, Duration.ofMillis(500), List.of("search", "embed")),
                List.of(answer.stage(), answer.index(), answer.maxAttempts(), answer.backoff(),
                        List.copyOf(answer.references())));
        assertEquals(JSON.createObjectNode().put("model", "phi3").put("max_tokens", 256).put("prompt",
                        "Q: {{input.question}} Context: {{search.output.matches[0].text}} ({{embed.output.dimensions}})"),
                answer.params(), "params stay as submitted");
    }

    @Test
    void theChildrenOfAParallelStepShareItsStageAndLaterStepsReadThemByTheirOwnIds() {
        WorkflowPlan plan = plans.compile(request("""
                {"steps": [
                   {"id": "both", "type": "parallel", "steps": [
                     {"id": "docs", "type": "vector_search", "params": {"collection": "docs", "query": "sky"}},
                     {"id": "faq", "type": "vector_search", "params": {"collection": "faq", "query": "sky"}}]},
                   {"id": "answer", "type": "llm_query",
                    "params": {"messages": [{"role": "user", "content": "{{docs.output}} {{faq.output}}"}]}}
                 ]}"""));
        assertEquals(3, plan.stepsTotal(), "the group itself does not run");
        assertEquals(List.of("docs/both/0/0", "faq/both/0/1", "answer/null/1/2"), plan.steps().stream()
                .map(s -> s.id() + "/" + s.group() + "/" + s.stage() + "/" + s.index()).toList());
        assertEquals(List.of("docs", "faq"), List.copyOf(plan.steps().get(2).references()));
    }

    @Test
    void retryDefaultsAndLimitsComeFromConfiguration() {
        WorkflowPlans configured = plans(Map.of("citadel.workflows.retry.max-attempts", "7",
                "citadel.workflows.retry.backoff", "2s", "citadel.workflows.limits.max-steps", "2"));
        PlannedStep step = configured.compile(request("""
                {"steps": [{"id": "a", "type": "embedding", "params": {"texts": ["x", "y"]}}]}""")).steps().getFirst();
        assertEquals(7, step.maxAttempts());
        assertEquals(Duration.ofSeconds(2), step.backoff());
        assertNull(step.group());
        assertRefused(configured, 400, "the workflow has 3 steps; at most 2 are allowed (children of parallel steps"
                + " count, the groups do not)", "steps", """
                {"steps": [{"id": "a", "type": "embedding", "params": {"text": "x"}},
                           {"id": "p", "type": "parallel", "steps": [
                             {"id": "b", "type": "embedding", "params": {"text": "x"}},
                             {"id": "c", "type": "embedding", "params": {"text": "x"}}]}]}""");
    }

    @Test
    void atMost64StepsByDefault() {
        String two = "{\"steps\": [" + group("g0", 32) + "," + group("g1", 32) + "]}";
        assertEquals(64, plans.compile(request(two)).stepsTotal());
        String three = "{\"steps\": [" + group("g0", 32) + "," + group("g1", 32) + "," + group("g2", 1) + "]}";
        assertRefused(plans, 400, "the workflow has 65 steps; at most 64 are allowed (children of parallel steps"
                + " count, the groups do not)", "steps", three);
    }

    /** A parallel step running {@code children} embedding steps. */
    private static String group(String id, int children) {
        return "{\"id\": \"" + id + "\", \"type\": \"parallel\", \"steps\": [" + IntStream.range(0, children)
                .mapToObj(i -> "{\"id\": \"" + id + "-" + i + "\", \"type\": \"embedding\", \"params\": {\"text\": \"x\"}}")
                .collect(Collectors.joining(",")) + "]}";
    }

    @Test
    void paramsBeyond64KibInAllAreTooLarge() {
        String text = "x".repeat(40 * 1024);
        String step = "{\"id\": \"%s\", \"type\": \"embedding\", \"params\": {\"text\": \"" + text + "\"}}";
        plans.compile(request("{\"steps\": [" + step.formatted("a") + "]}"));
        ApiException e = assertThrows(ApiException.class, () -> plans.compile(request(
                "{\"steps\": [" + step.formatted("a") + "," + step.formatted("b") + "]}")));
        assertEquals(413, e.status());
        assertEquals("request_too_large", e.code());
        assertEquals("the steps' params take 81942 bytes of JSON; at most 65536 are allowed for a workflow",
                e.getMessage());
        assertEquals("steps", e.param());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "duplicate step id 'a': steps[0].id has it too" | steps[1].id | [{"id": "a", "type": "embedding", "params": {"text": "x"}}, {"id": "a", "type": "embedding", "params": {"text": "y"}}]
            "duplicate step id 'a': steps[0].id has it too" | steps[1].steps[1].id | [{"id": "a", "type": "embedding", "params": {"text": "x"}}, {"id": "p", "type": "parallel", "steps": [{"id": "b", "type": "embedding", "params": {"text": "x"}}, {"id": "a", "type": "embedding", "params": {"text": "x"}}]}]
            "duplicate step id 'p': steps[0].id has it too" | steps[0].steps[0].id | [{"id": "p", "type": "parallel", "steps": [{"id": "p", "type": "embedding", "params": {"text": "x"}}]}]
            "the step id 'input' is reserved: {{input…}} reads the workflow input" | steps[0].id | [{"id": "input", "type": "embedding", "params": {"text": "x"}}]
            "parallel step 'p' needs the steps it runs" | steps[0].steps | [{"id": "p", "type": "parallel"}]
            "parallel step 'p' needs the steps it runs" | steps[0].steps | [{"id": "p", "type": "parallel", "steps": []}]
            "parallel step 'p' takes no params; give them to the steps it runs" | steps[0].params | [{"id": "p", "type": "parallel", "params": {"text": "x"}, "steps": [{"id": "a", "type": "embedding", "params": {"text": "x"}}]}]
            "parallel step 'p' is not retried itself; give the steps it runs their retry" | steps[0].retry | [{"id": "p", "type": "parallel", "retry": {"max_attempts": 2}, "steps": [{"id": "a", "type": "embedding", "params": {"text": "x"}}]}]
            "parallel step 'q' is inside parallel step 'p'; parallel steps do not nest" | steps[1].steps[0].type | [{"id": "a", "type": "embedding", "params": {"text": "x"}}, {"id": "p", "type": "parallel", "steps": [{"id": "q", "type": "parallel", "steps": [{"id": "b", "type": "embedding", "params": {"text": "x"}}]}]}]
            "step 'a' is a embedding step; only a parallel step has steps" | steps[0].steps | [{"id": "a", "type": "embedding", "params": {"text": "x"}, "steps": [{"id": "b", "type": "embedding", "params": {"text": "x"}}]}]
            "step 'b' is a llm_query step; only a parallel step has steps" | steps[0].steps[0].steps | [{"id": "p", "type": "parallel", "steps": [{"id": "b", "type": "llm_query", "params": {"prompt": "x"}, "steps": [{"id": "c", "type": "embedding", "params": {"text": "x"}}]}]}]
            """)
    void theShapeOfTheWorkflowIsChecked(String message, String param, String steps) {
        assertRefused(plans, 400, message, param, "{\"steps\": " + steps + "}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "embedding step 'a' needs params.text (a string) or params.texts (a non-empty array of strings)" | steps[0].params.text | {"id": "a", "type": "embedding"}
            "embedding step 'a' needs params.text (a string) or params.texts (a non-empty array of strings)" | steps[0].params.text | {"id": "a", "type": "embedding", "params": {"text": null, "model": "all-minilm"}}
            "text must be a non-empty string" | steps[0].params.text | {"id": "a", "type": "embedding", "params": {"text": 42}}
            "text must be a non-empty string" | steps[0].params.text | {"id": "a", "type": "embedding", "params": {"text": " "}}
            "texts must be a non-empty array or a template" | steps[0].params.texts | {"id": "a", "type": "embedding", "params": {"texts": []}}
            "texts must be a non-empty array or a template" | steps[0].params.texts | {"id": "a", "type": "embedding", "params": {"texts": "one text"}}
            "texts[1] must be a string or a template" | steps[0].params.texts[1] | {"id": "a", "type": "embedding", "params": {"texts": ["x", 2]}}
            "vector_search step 'a' needs params.collection (a string)" | steps[0].params.collection | {"id": "a", "type": "vector_search", "params": {"query": "x"}}
            "collection must be a non-empty string" | steps[0].params.collection | {"id": "a", "type": "vector_search", "params": {"collection": ["docs"], "query": "x"}}
            "vector_search step 'a' needs params.query (a string) or params.vector (a non-empty array of numbers)" | steps[0].params.query | {"id": "a", "type": "vector_search", "params": {"collection": "docs"}}
            "vector[1] must be a number or a template" | steps[0].params.vector[1] | {"id": "a", "type": "vector_search", "params": {"collection": "docs", "vector": [0.1, "0.2"]}}
            "limit must be a number or a template" | steps[0].params.limit | {"id": "a", "type": "vector_search", "params": {"collection": "docs", "query": "x", "limit": "5"}}
            "limit must be a number or a template" | steps[0].params.limit | {"id": "a", "type": "vector_search", "params": {"collection": "docs", "query": "x", "limit": "top {{input.n}}"}}
            "vector_store step 'a' needs params.collection (a string)" | steps[0].params.collection | {"id": "a", "type": "vector_store", "params": {"text": "x"}}
            "vector_store step 'a' needs params.text (a string) or params.vector (a non-empty array of numbers)" | steps[0].params.text | {"id": "a", "type": "vector_store", "params": {"collection": "docs", "metadata": {"k": "v"}}}
            "vector must be a non-empty array or a template" | steps[0].params.vector | {"id": "a", "type": "vector_store", "params": {"collection": "docs", "vector": []}}
            "llm_query step 'a' needs params.prompt (a string) or params.messages (a non-empty array of messages)" | steps[0].params.prompt | {"id": "a", "type": "llm_query", "params": {"model": "phi3"}}
            "messages must be a non-empty array or a template" | steps[0].params.messages | {"id": "a", "type": "llm_query", "params": {"messages": []}}
            "messages[0] must be an object or a template" | steps[0].params.messages[0] | {"id": "a", "type": "llm_query", "params": {"messages": ["hello"]}}
            "max_tokens must be a number or a template" | steps[0].params.max_tokens | {"id": "a", "type": "llm_query", "params": {"prompt": "x", "max_tokens": true}}
            "temperature must be a number or a template" | steps[0].params.temperature | {"id": "a", "type": "llm_query", "params": {"prompt": "x", "temperature": "hot"}}
            """)
    void eachStepTypeGetsTheParamsItNeeds(String message, String param, String step) {
        assertRefused(plans, 400, message, param, "{\"steps\": [" + step + "]}");
    }

    @Test
    void paramsGivenAsTemplatesAreLeftToRunTime() {
        WorkflowPlan plan = plans.compile(request("""
                {"input": {"texts": ["a", "b"], "n": 3, "history": [{"role": "user", "content": "hi"}], "t": 0.2},
                 "steps": [
                   {"id": "embed", "type": "embedding", "params": {"texts": "{{input.texts}}"}},
                   {"id": "search", "type": "vector_search",
                    "params": {"collection": "{{input.texts[0]}}", "vector": ["{{embed.output.embedding[0]}}", 0.5],
                               "limit": "{{ input.n }}"}},
                   {"id": "store", "type": "vector_store",
                    "params": {"collection": "docs", "vector": "{{embed.output.embeddings[1]}}"}},
                   {"id": "ask", "type": "llm_query",
                    "params": {"messages": "{{input.history}}", "temperature": "{{input.t}}", "max_tokens": 10}}
                 ]}"""));
        assertEquals(4, plan.stepsTotal());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "step 'b' references unknown step 'nope'" | steps[1].params.prompt | [{"id": "a", "type": "embedding", "params": {"text": "x"}}, {"id": "b", "type": "llm_query", "params": {"prompt": "{{nope.output.text}}"}}]
            "step 'a' references step 'a', which has not finished when this step starts" | steps[0].params.text | [{"id": "a", "type": "embedding", "params": {"text": "{{a.output}}"}}]
            "step 'a' references step 'b', which has not finished when this step starts" | steps[0].params.text | [{"id": "a", "type": "embedding", "params": {"text": "{{b.output.text}}"}}, {"id": "b", "type": "llm_query", "params": {"prompt": "x"}}]
            "step 'c' references step 'b', which has not finished when this step starts" | steps[1].steps[1].params.prompt | [{"id": "a", "type": "embedding", "params": {"text": "x"}}, {"id": "p", "type": "parallel", "steps": [{"id": "b", "type": "llm_query", "params": {"prompt": "{{a.output}}"}}, {"id": "c", "type": "llm_query", "params": {"prompt": "{{b.output}}"}}]}]
            "step 'b' references step 'c', which has not finished when this step starts" | steps[0].steps[0].params.prompt | [{"id": "p", "type": "parallel", "steps": [{"id": "b", "type": "llm_query", "params": {"prompt": "{{c.output}}"}}, {"id": "c", "type": "llm_query", "params": {"prompt": "x"}}]}]
            "step 'b' references step 'p', a parallel group, which has no output; reference the steps it runs by their own ids" | steps[1].params.prompt | [{"id": "p", "type": "parallel", "steps": [{"id": "a", "type": "embedding", "params": {"text": "x"}}]}, {"id": "b", "type": "llm_query", "params": {"prompt": "{{p.output}}"}}]
            "step 'a' references the workflow input, but {{input.question}} has no value: input has no field 'question'" | steps[0].params.text | [{"id": "a", "type": "embedding", "params": {"text": "{{input.question}}"}}]
            "malformed template {{: '{{' is not closed by '}}'" | steps[0].params.text | [{"id": "a", "type": "embedding", "params": {"text": "{{"}}]
            "malformed template {{ }}: it names nothing; write {{input.<name>}} or {{<step>.output}}, followed by .name and [n] segments" | steps[0].params.text | [{"id": "a", "type": "embedding", "params": {"text": "say {{ }}"}}]
            "malformed template {{a.text}}: a step's result is read as {{a.output}}, followed by .name and [n] segments" | steps[1].params.messages[1].content | [{"id": "a", "type": "llm_query", "params": {"prompt": "x"}}, {"id": "b", "type": "llm_query", "params": {"messages": [{"role": "system", "content": "x"}, {"role": "user", "content": "{{a.text}}"}]}}]
            "malformed template {{input.x + 1}}: write {{input.<name>}} or {{<step>.output}}, followed by .name and [n] segments" | steps[0].params.metadata.tags[0] | [{"id": "a", "type": "vector_store", "params": {"collection": "docs", "text": "x", "metadata": {"tags": ["{{input.x + 1}}"]}}}]
            """)
    void templatesReferenceOnlyTheInputAndStepsFinishedBefore(String message, String param, String steps) {
        assertRefused(plans, 400, message, param, "{\"steps\": " + steps + "}");
    }

    @Test
    void inputPathsAreCheckedAgainstTheSubmittedInput() {
        String step = """
                {"input": {"doc": {"chunks": ["one"]}},
                 "steps": [{"id": "a", "type": "embedding", "params": {"text": "%s"}}]}""";
        plans.compile(request(step.formatted("{{input.doc.chunks[0]}}")));
        assertRefused(plans, 400, "step 'a' references the workflow input, but {{input.doc.chunks[1]}} has no value:"
                + " input.doc.chunks has 1 item", "steps[0].params.text", step.formatted("{{input.doc.chunks[1]}}"));
    }

    private static void assertRefused(WorkflowPlans plans, int status, String message, String param, String body) {
        ApiException e = assertThrows(ApiException.class, () -> plans.compile(request(body)));
        assertEquals(List.of(status, message, param), List.of(e.status(), e.getMessage(), e.param()));
    }

    private static WorkflowCreateRequest request(String json) {
        try {
            return JSON.readValue(json, WorkflowCreateRequest.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static WorkflowPlans plans(Map<String, String> properties) {
        WorkflowConfig config = new SmallRyeConfigBuilder()
                .withMapping(WorkflowConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withDefaultValues(properties)
                .build()
                .getConfigMapping(WorkflowConfig.class);
        return new WorkflowPlans(config, JSON);
    }
}
