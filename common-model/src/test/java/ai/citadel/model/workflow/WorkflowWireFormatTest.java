package ai.citadel.model.workflow;

import ai.citadel.model.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static ai.citadel.model.WireJson.assertSameJson;
import static ai.citadel.model.WireJson.parse;
import static ai.citadel.model.WireJson.read;
import static ai.citadel.model.WireJson.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Citadel workflow API ({@code /api/v1/workflows}, its status and progress events). */
class WorkflowWireFormatTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("workflow/create-request.json", WorkflowCreateRequest.class),
                Arguments.of("workflow/accepted-response.json", WorkflowAcceptedResponse.class),
                Arguments.of("workflow/status-response.json", WorkflowStatusResponse.class),
                Arguments.of("workflow/status-response-failed.json", WorkflowStatusResponse.class),
                Arguments.of("workflow/progress-events.ndjson", WorkflowProgressEvent.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRoundTrips(String resource, Class<?> type) {
        WireJson.assertRoundTrip(resource, type);
    }

    @Test
    void stepTypesAndStatusesUseLowerCaseWireNames() {
        WorkflowCreateRequest request = read("workflow/create-request.json", WorkflowCreateRequest.class);
        assertEquals(List.of(WorkflowStepType.EMBEDDING, WorkflowStepType.VECTOR_SEARCH, WorkflowStepType.LLM_QUERY,
                WorkflowStepType.PARALLEL), request.steps().stream().map(WorkflowStep::type).toList());
        assertEquals("{{embed.output.embeddings[0]}}", request.steps().get(1).params().get("vector"));
        assertEquals(new StepRetry(3, 200L), request.steps().get(2).retry());
        assertEquals("when do backups run?", request.input().get("question"));
        assertEquals(List.of(WorkflowStepType.VECTOR_STORE, WorkflowStepType.LLM_QUERY),
                request.steps().get(3).steps().stream().map(WorkflowStep::type).toList());

        WorkflowStatusResponse status = read("workflow/status-response.json", WorkflowStatusResponse.class);
        assertEquals(WorkflowStatus.RUNNING, status.status());
        assertEquals(WorkflowStepStatus.RETRYING, status.steps().get(1).status());
        assertEquals(Instant.parse("2025-05-01T10:00:00.180Z"), status.steps().getFirst().finishedAt());
        assertEquals(1, status.progress().stepsCompleted());
        assertEquals(4, status.progress().stepsTotal());
        assertEquals("keep", status.steps().getLast().group());

        assertThrows(AssertionError.class, () -> parse("""
                {"steps":[{"id":"a","type":"shell","params":{}}]}
                """, WorkflowCreateRequest.class), "unknown step type is rejected");
    }

    @Test
    void onlyTheWorkflowsEndEndsTheFeed() {
        assertEquals(List.of(WorkflowEventType.WORKFLOW_COMPLETED, WorkflowEventType.WORKFLOW_FAILED,
                        WorkflowEventType.WORKFLOW_CANCELLED),
                Stream.of(WorkflowEventType.values()).filter(WorkflowEventType::isFinal).toList());
    }

    @Test
    void inputIsAcceptedAsAnAliasOfParams() {
        WorkflowStep step = parse("{\"id\":\"e\",\"type\":\"embedding\",\"input\":{\"text\":\"hi\"}}",
                WorkflowStep.class);
        assertEquals(Map.of("text", "hi"), step.params());
        assertSameJson("{\"id\":\"e\",\"type\":\"embedding\",\"params\":{\"text\":\"hi\"}}", write(step),
                "written as params");
    }

    @Test
    void progressEvents() {
        List<WorkflowProgressEvent> events = WireJson.documents("workflow/progress-events.ndjson").stream()
                .map(line -> parse(line, WorkflowProgressEvent.class)).toList();
        assertNull(events.getFirst().stepId());
        assertEquals(WorkflowEventType.WORKFLOW_STARTED, events.getFirst().type());
        assertEquals("Backups run nightly", events.get(4).delta());
        assertTrue(events.getLast().type().isFinal());
        assertEquals(WorkflowStepStatus.COMPLETED, events.get(2).stepStatus());
        assertEquals("vector store unavailable: connection refused", events.get(3).error());
        assertEquals(WorkflowStatus.COMPLETED, events.getLast().status());
        assertSameJson("{\"workflow_id\":\"wf_1\",\"status\":\"pending\"}",
                write(new WorkflowAcceptedResponse("wf_1", WorkflowStatus.PENDING)), "built accepted response");
    }
}
