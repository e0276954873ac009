package ai.citadel.orchestration.service.copilot;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.copilot.CopilotAction;
import ai.citadel.model.copilot.CopilotActionList;
import ai.citadel.model.copilot.CopilotActionResult;
import ai.citadel.model.workflow.WorkflowCreateRequest;
import ai.citadel.model.workflow.WorkflowStatus;
import ai.citadel.model.workflow.WorkflowStatusResponse;
import ai.citadel.model.workflow.WorkflowStep;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.config.CopilotConfig;
import ai.citadel.orchestration.domain.Caller;
import ai.citadel.orchestration.service.workflow.WorkflowService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static ai.citadel.orchestration.service.copilot.ActionParam.Type.INTEGER;
import static ai.citadel.orchestration.service.copilot.ActionParam.Type.OBJECT;
import static ai.citadel.orchestration.service.copilot.ActionParam.Type.STRING;
import static ai.citadel.orchestration.service.copilot.ActionParam.Type.STRINGS;

/**
 * The actions a CopilotKit front end may offer, each run as a workflow on the durable engine (so they have its
 * retries, failover, audit and progress feed): a call waits for the workflow up to {@code citadel.copilot.wait-for} and
 * answers its result, or {@code 202} with the workflow to follow. Parameters are checked before anything runs; a bad
 * one is a 400 naming it.
 */
@ApplicationScoped
public class CopilotActions {

    /** A parallel group holds at most 32 steps (WorkflowPlans), so a document is stored as at most 32 chunks. */
    static final int MAX_CHUNKS = 32;

    private record Definition(String description, List<ActionParam> params) {
    }

    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    private final WorkflowService workflows;
    private final ObjectMapper json;
    private final CopilotConfig config;
    private final Validator validator;

    CopilotActions(WorkflowService workflows, ObjectMapper json, CopilotConfig config, Validator validator) {
        this.workflows = workflows;
        this.json = json;
        this.config = config;
        this.validator = validator;
        definitions.put("generate_embedding", new Definition("Embeds one text or several into vectors", List.of(
                ActionParam.optional("text", STRING, "the text to embed (or texts)"),
                ActionParam.optional("texts", STRINGS, "several texts to embed, in order").between(1, 256),
                ActionParam.optional("model", STRING, "embedding model; the embedding service's default if absent"))));
        definitions.put("search_vectors", new Definition(
                "Finds the passages of a collection closest in meaning to a query", List.of(
                ActionParam.required("collection", STRING, "the collection to search"),
                ActionParam.required("query", STRING, "what to look for, in words"),
                ActionParam.optional("limit", INTEGER, "how many passages (default 5)").between(1, 100),
                ActionParam.optional("filter", OBJECT, "metadata key → exact value the passages must have"))));
        definitions.put("execute_workflow", new Definition(
                "Starts a workflow (the body of POST /api/v1/workflows) and answers its id to follow", List.of(
                ActionParam.required("workflow", OBJECT, "{name?, input?, steps: [{id, type, params}]}"))));
        definitions.put("analyze_document", new Definition(
                "Cuts a document into chunks, embeds and stores them in a collection, and summarises it", List.of(
                ActionParam.required("text", STRING, "the document's text"),
                ActionParam.required("collection", STRING, "where to store the chunks (created on first write)"),
                ActionParam.optional("title", STRING, "the document's title, kept with each chunk"),
                ActionParam.optional("chunk_size", INTEGER, "largest chunk in characters (default 1000)")
                        .between(200, 8000),
                ActionParam.optional("model", STRING, "model of the summary; the default LLM if absent"))));
    }

    public CopilotActionList list() {
        return new CopilotActionList(definitions.entrySet().stream().map(entry -> {
            ObjectNode schema = json.createObjectNode().put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            List<String> required = new ArrayList<>();
            for (ActionParam param : entry.getValue().params()) {
                properties.set(param.name(), param.schema(json));
                if (param.required()) {
                    required.add(param.name());
                }
            }
            required.forEach(schema.putArray("required")::add);
            return new CopilotAction(entry.getKey(), entry.getValue().description(), schema);
        }).toList());
    }

    /** Runs the action {@code request.type} with the request's other fields as its parameters. */
    public Uni<CopilotActionResult> run(JsonNode request, Caller caller) {
        JsonNode typeNode = request.path("type");
        Definition definition = typeNode.isTextual() ? definitions.get(typeNode.asText()) : null;
        if (definition == null) {
            throw ApiException.badRequest("type must be one of " + String.join(", ", definitions.keySet())
                    + (typeNode.isMissingNode() ? "" : ", got " + typeNode), "type");
        }
        Map<String, JsonNode> params = new LinkedHashMap<>();
        for (ActionParam param : definition.params()) {
            JsonNode value = param.read(request);
            if (value != null) {
                params.put(param.name(), value);
            }
        }
        String type = typeNode.asText();
        return switch (type) {
            case "generate_embedding" -> runAndWait(type, embedding(params), caller, "embed");
            case "search_vectors" -> runAndWait(type, search(params), caller, "search");
            case "execute_workflow" -> workflows.submit(submitted(params.get("workflow")), caller)
                    .map(submission -> new CopilotActionResult(type, submission.accepted().status().wireName(),
                            submission.accepted().workflowId(), null));
            default -> runAndWait(type, analysis(params), caller, null);
        };
    }

    private WorkflowCreateRequest embedding(Map<String, JsonNode> params) {
        if (params.containsKey("text") == params.containsKey("texts")) {
            throw ApiException.badRequest("give text or texts, not both and not neither", "text");
        }
        return single("copilot generate_embedding", WorkflowStep.of("embed", WorkflowStepType.EMBEDDING,
                plain(params)));
    }

    private WorkflowCreateRequest search(Map<String, JsonNode> params) {
        Map<String, Object> search = plain(params);
        search.putIfAbsent("limit", 5);
        return single("copilot search_vectors", WorkflowStep.of("search", WorkflowStepType.VECTOR_SEARCH, search));
    }

    private WorkflowCreateRequest submitted(JsonNode workflow) {
        WorkflowCreateRequest request;
        try {
            request = json.treeToValue(workflow, WorkflowCreateRequest.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("workflow is not a workflow: " + e.getOriginalMessage(), "workflow");
        }
        validator.validate(request).stream().findFirst().ifPresent(violation -> {
            throw ApiException.badRequest("workflow." + violation.getPropertyPath() + " " + violation.getMessage(),
                    "workflow." + violation.getPropertyPath());
        });
        return request;
    }

    private WorkflowCreateRequest analysis(Map<String, JsonNode> params) {
        String text = params.get("text").asText();
        String collection = params.get("collection").asText();
        int chunkSize = params.containsKey("chunk_size") ? params.get("chunk_size").asInt() : 1000;
        List<String> chunks = DocumentChunks.split(text, chunkSize);
        if (chunks.size() > MAX_CHUNKS) {
            throw ApiException.badRequest("the text makes " + chunks.size() + " chunks of " + chunkSize
                    + " characters, more than " + MAX_CHUNKS + "; give a larger chunk_size or a shorter text", "text");
        }
        String document = UUID.randomUUID().toString();
        List<WorkflowStep> stores = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("document", document);
            metadata.put("chunk", i);
            if (params.containsKey("title")) {
                metadata.put("title", params.get("title").asText());
            }
            Map<String, Object> store = new LinkedHashMap<>();
            store.put("collection", collection);
            store.put("text", chunks.get(i));
            store.put("id", document + "-" + i);
            store.put("metadata", metadata);
            stores.add(WorkflowStep.of("chunk-" + i, WorkflowStepType.VECTOR_STORE, store));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("system", "You summarise documents in a few sentences, keeping names, figures and decisions.");
        summary.put("prompt", "Summarise this document"
                + (params.containsKey("title") ? " (" + params.get("title").asText() + ")" : "") + ":\n\n"
                + text.substring(0, Math.min(text.length(), config.summaryInputChars())));
        if (params.containsKey("model")) {
            summary.put("model", params.get("model").asText());
        }
        return new WorkflowCreateRequest("copilot analyze_document", null,
                Map.of("collection", collection, "document", document, "chunks", chunks.size()),
                List.of(WorkflowStep.parallel("store", stores),
                        WorkflowStep.of("summary", WorkflowStepType.LLM_QUERY, summary)));
    }

    /**
     * Submits the workflow and waits for it: its result once completed (the output of {@code resultStep}, or the
     * analysis for {@code analyze_document}); a 502 with its error once failed; {@code 202}-worthy state when it
     * outlasts the wait.
     */
    private Uni<CopilotActionResult> runAndWait(String type, WorkflowCreateRequest workflow, Caller caller,
                                                String resultStep) {
        return workflows.submit(workflow, caller).chain(submission -> {
            String id = submission.accepted().workflowId();
            return workflows.follow(id, caller, null)
                    .onItem().transformToUni(feed -> feed.select().where(event -> event.type().isFinal())
                            .toUni())
                    .ifNoItem().after(config.waitFor()).recoverWithItem(() -> null)
                    .chain(ignored -> workflows.get(id, caller))
                    .map(state -> answer(type, state, resultStep));
        });
    }

    private CopilotActionResult answer(String type, WorkflowStatusResponse state, String resultStep) {
        if (state.status() == WorkflowStatus.FAILED || state.status() == WorkflowStatus.CANCELLED) {
            throw new ApiException(502, "action_failed", type + " failed (workflow " + state.workflowId() + "): "
                    + state.error(), null);
        }
        if (state.status() != WorkflowStatus.COMPLETED) {
            return new CopilotActionResult(type, state.status().wireName(), state.workflowId(), null);
        }
        Object result = resultStep == null ? analysisResult(state) : state.steps().stream()
                .filter(step -> step.id().equals(resultStep)).findFirst().orElseThrow().output();
        return new CopilotActionResult(type, "completed", state.workflowId(), result);
    }

    private Map<String, Object> analysisResult(WorkflowStatusResponse state) {
        List<String> ids = new ArrayList<>();
        String collection = null;
        Object summary = null;
        for (WorkflowStatusResponse.StepResult step : state.steps()) {
            JsonNode output = json.valueToTree(step.output());
            if (step.type() == WorkflowStepType.VECTOR_STORE) {
                ids.add(output.path("id").asText());
                collection = output.path("collection").asText();
            } else if (step.type() == WorkflowStepType.LLM_QUERY) {
                summary = output.path("content").asText();
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("collection", collection);
        result.put("chunks", ids.size());
        result.put("ids", ids);
        result.put("summary", summary);
        return result;
    }

    private static WorkflowCreateRequest single(String name, WorkflowStep step) {
        return new WorkflowCreateRequest(name, null, null, List.of(step));
    }

    private Map<String, Object> plain(Map<String, JsonNode> params) {
        Map<String, Object> plain = new LinkedHashMap<>();
        params.forEach((name, value) -> plain.put(name, json.convertValue(value, Object.class)));
        return plain;
    }
}
