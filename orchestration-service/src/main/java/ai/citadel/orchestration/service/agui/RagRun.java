package ai.citadel.orchestration.service.agui;

import ai.citadel.model.agui.AgUiEvent;
import ai.citadel.model.agui.JsonPatchOperation;
import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.model.workflow.WorkflowProgressEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;

/**
 * One run of the {@code rag} agent: its workflow's progress events as AG-UI events. State:
 * {@code {workflowId, status, progress: {completed, total}, passages: [{id, score, text, metadata}]}}.
 */
final class RagRun {

    private final String workflowId;
    private final RunAgentInput input;
    private final ObjectMapper json;
    private final String messageId;
    private boolean textOpen;

    RagRun(String workflowId, RunAgentInput input, ObjectMapper json) {
        this.workflowId = workflowId;
        this.input = input;
        this.json = json;
        this.messageId = "msg-" + input.runId();
    }

    String workflowId() {
        return workflowId;
    }

    /** {@code RUN_STARTED} and the state's snapshot. */
    List<AgUiEvent> opening() {
        ObjectNode state = json.createObjectNode().put("workflowId", workflowId).put("status", "pending");
        state.putObject("progress").put("completed", 0).put("total", 3);
        state.putArray("passages");
        return List.of(AgUiEvent.RunStarted.of(input.threadId(), input.runId()), AgUiEvent.StateSnapshot.of(state));
    }

    /**
     * The AG-UI events of one progress event.
     *
     * @param passages the search step's matches, when {@code event} is that step's completion
     */
    List<AgUiEvent> translate(WorkflowProgressEvent event, JsonNode passages) {
        List<AgUiEvent> events = new ArrayList<>();
        switch (event.type()) {
            case WORKFLOW_STARTED -> events.add(delta(JsonPatchOperation.replace("/status", TextNode.valueOf("running"))));
            case STEP_STARTED -> events.add(AgUiEvent.StepStarted.of(event.stepId()));
            case STEP_COMPLETED -> {
                endText(events);
                events.add(AgUiEvent.StepFinished.of(event.stepId()));
                List<JsonPatchOperation> changes = new ArrayList<>();
                changes.add(JsonPatchOperation.replace("/progress/completed",
                        IntNode.valueOf(event.progress().stepsCompleted())));
                if (passages != null) {
                    changes.add(JsonPatchOperation.replace("/passages", passages));
                }
                events.add(AgUiEvent.StateDelta.of(changes));
            }
            case STEP_RETRYING -> events.add(delta(JsonPatchOperation.add("/lastError", TextNode.valueOf(
                    event.stepId() + " attempt " + event.attempt() + " failed, retrying: " + event.error()))));
            case LLM_TOKENS -> {
                if (!textOpen) {
                    textOpen = true;
                    events.add(new AgUiEvent.TextMessageStart(messageId, "assistant", null, null));
                }
                events.add(AgUiEvent.TextMessageContent.of(messageId, event.delta()));
            }
            case STEP_FAILED -> endText(events);
            case WORKFLOW_COMPLETED -> {
                endText(events);
                events.add(delta(JsonPatchOperation.replace("/status", TextNode.valueOf("completed"))));
                ObjectNode result = json.createObjectNode().put("workflowId", workflowId);
                events.add(new AgUiEvent.RunFinished(input.threadId(), input.runId(), result, null, null));
            }
            case WORKFLOW_FAILED -> {
                endText(events);
                events.add(AgUiEvent.RunError.of(event.error(), "workflow_failed"));
            }
            case WORKFLOW_CANCELLED -> {
                endText(events);
                events.add(AgUiEvent.RunError.of("the workflow " + workflowId + " was cancelled", "cancelled"));
            }
        }
        return events;
    }

    private void endText(List<AgUiEvent> events) {
        if (textOpen) {
            textOpen = false;
            events.add(AgUiEvent.TextMessageEnd.of(messageId));
        }
    }

    private static AgUiEvent delta(JsonPatchOperation operation) {
        return AgUiEvent.StateDelta.of(List.of(operation));
    }
}
