package ai.citadel.orchestration.service.agui;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.agui.AgUiEvent;
import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.model.workflow.WorkflowCreateRequest;
import ai.citadel.model.workflow.WorkflowEventType;
import ai.citadel.model.workflow.WorkflowProgressEvent;
import ai.citadel.model.workflow.WorkflowStep;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.domain.Caller;
import ai.citadel.orchestration.service.workflow.WorkflowService;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Agent {@code rag}: answers the last user message from a vector collection by running the embedding → vector
 * search → LLM workflow on the durable engine. Each workflow step is an AG-UI step; the workflow's id, status,
 * progress and the retrieved passages are the run's state (a snapshot first, JSON Patch deltas after); the answer
 * streams as a text message. Settings, from {@code state} or {@code forwardedProps}: {@code collection} (required),
 * {@code limit} (passages, 1–20, default 3), {@code model}. A client that leaves cancels the workflow.
 */
@ApplicationScoped
class RagAgent implements AgUiAgent {

    private static final Logger LOG = Logger.getLogger(RagAgent.class);
    static final String EMBED = "embed";
    static final String SEARCH = "search";
    static final String ANSWER = "answer";
    private static final int DEFAULT_LIMIT = 3;
    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {
    };

    private final WorkflowService workflows;
    private final ObjectMapper json;

    RagAgent(WorkflowService workflows, ObjectMapper json) {
        this.workflows = workflows;
        this.json = json;
    }

    @Override
    public String name() {
        return "rag";
    }

    @Override
    public Multi<AgUiEvent> run(RunAgentInput input, Caller caller) {
        String question = AgUiConversation.lastUserText(input);
        if (question == null || question.isBlank()) {
            throw ApiException.badRequest("the rag agent answers the last user message; there is none", "messages");
        }
        String collection = AgUiRunSettings.text(input, "collection").orElseThrow(() -> ApiException.badRequest(
                "the rag agent needs the collection to search, in state or forwardedProps", "state.collection"));
        int limit = AgUiRunSettings.integer(input, "limit", 1, 20).orElse(DEFAULT_LIMIT);
        WorkflowCreateRequest workflow = workflow(question, collection, limit,
                AgUiRunSettings.text(input, "model").orElse(null), input.runId());
        return workflows.submit(workflow, caller)
                .onItem().transformToMulti(submission -> follow(submission.accepted().workflowId(), input, caller))
                .onFailure().recoverWithMulti(failure -> Multi.createFrom().items(
                        AgUiEvent.RunStarted.of(input.threadId(), input.runId()), AgUiRunSettings.runError(failure)));
    }

    private Multi<AgUiEvent> follow(String workflowId, RunAgentInput input, Caller caller) {
        RagRun run = new RagRun(workflowId, input, json);
        return Multi.createBy().concatenating().streams(
                        Multi.createFrom().items(run.opening().stream()),
                        workflows.follow(workflowId, caller, null).onItem().transformToMulti(feed -> feed)
                                .concatMap(event -> translate(run, event, caller)))
                .onCancellation().call(() -> workflows.cancel(workflowId, caller)
                        .onFailure().invoke(failure -> LOG.debugf("Cancelling workflow %s after its client left: %s",
                                workflowId, failure.getMessage()))
                        .onFailure().recoverWithNull());
    }

    /** The AG-UI events of one progress event; the search step's passages are read from its stored output. */
    private Multi<AgUiEvent> translate(RagRun run, WorkflowProgressEvent event, Caller caller) {
        if (event.stepId() != null && event.stepId().equals(SEARCH)
                && event.type() == WorkflowEventType.STEP_COMPLETED) {
            return workflows.get(run.workflowId(), caller)
                    .map(state -> state.steps().stream().filter(step -> step.id().equals(SEARCH)).findFirst()
                            .map(step -> json.<JsonNode>valueToTree(step.output()).path("matches"))
                            .orElse(json.createArrayNode()))
                    .onItem().transformToMulti(passages -> Multi.createFrom().iterable(run.translate(event, passages)));
        }
        return Multi.createFrom().iterable(run.translate(event, null));
    }

    private WorkflowCreateRequest workflow(String question, String collection, int limit, String model,
                                           String runId) {
        ObjectNode answer = json.createObjectNode()
                .put("prompt", "Answer the question from the passages. Say so when they do not answer it.\n"
                        + "Question: {{input.question}}\nPassages: {{" + SEARCH + ".output.matches}}")
                .put("stream", true);
        if (model != null) {
            answer.put("model", model);
        }
        List<WorkflowStep> steps = new ArrayList<>();
        steps.add(step(EMBED, WorkflowStepType.EMBEDDING, json.createObjectNode().put("text", "{{input.question}}")));
        steps.add(step(SEARCH, WorkflowStepType.VECTOR_SEARCH, json.createObjectNode().put("collection", collection)
                .put("vector", "{{" + EMBED + ".output.embeddings[0]}}").put("limit", limit)));
        steps.add(step(ANSWER, WorkflowStepType.LLM_QUERY, answer));
        return new WorkflowCreateRequest("agui rag " + runId, "agui-run:" + runId, Map.of("question", question), steps);
    }

    private WorkflowStep step(String id, WorkflowStepType type, ObjectNode params) {
        return new WorkflowStep(id, type, json.convertValue(params, PARAMS), null, null);
    }
}
