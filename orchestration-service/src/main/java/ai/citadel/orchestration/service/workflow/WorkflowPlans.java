package ai.citadel.orchestration.service.workflow;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.workflow.StepRetry;
import ai.citadel.model.workflow.WorkflowCreateRequest;
import ai.citadel.model.workflow.WorkflowStep;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.config.WorkflowConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Turns a submitted workflow into a {@link WorkflowPlan}, or refuses it with a 400 naming the field as the caller
 * wrote it ({@code steps[2].params.prompt}): whatever can be known at submission fails there, not later in a step.
 * Top-level steps run in order; the children of a {@code parallel} step run concurrently, and the group is done when
 * all of them are. A step may reference the workflow input and the output of any step that has finished before it
 * starts: a step of an earlier stage, never itself, a later step or a sibling of its group.
 * <p>
 * Bean Validation has already checked each step on its own (id pattern, type, sizes, retry ranges); this checks
 * what spans fields and steps.
 */
@ApplicationScoped
public class WorkflowPlans {

    private static final Set<String> NUMBER_PARAMS = Set.of("limit", "max_tokens", "temperature");

    private final WorkflowConfig config;
    private final ObjectMapper json;

    public WorkflowPlans(WorkflowConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    /** @throws ApiException 400 for a workflow that cannot run as written, 413 for params over the size limit */
    public WorkflowPlan compile(WorkflowCreateRequest request) {
        Map<String, Declared> declared = new HashMap<>();
        List<Declared> runnable = new ArrayList<>();
        List<WorkflowStep> steps = request.steps() == null ? List.of() : request.steps();
        if (steps.isEmpty()) {
            throw ApiException.badRequest("a workflow needs at least one step", "steps");
        }
        for (int stage = 0; stage < steps.size(); stage++) {
            WorkflowStep step = steps.get(stage);
            String field = "steps[" + stage + "]";
            Declared top = declare(declared, step, field, stage, null);
            if (step.type() != WorkflowStepType.PARALLEL) {
                runnable.add(top);
                continue;
            }
            checkGroup(step, field);
            for (int child = 0; child < step.steps().size(); child++) {
                WorkflowStep member = step.steps().get(child);
                String memberField = field + ".steps[" + child + "]";
                if (member.type() == WorkflowStepType.PARALLEL) {
                    throw ApiException.badRequest("parallel step '" + member.id()
                            + "' is inside parallel step '" + step.id() + "'; parallel steps do not nest",
                            memberField + ".type");
                }
                runnable.add(declare(declared, member, memberField, stage, step.id()));
            }
        }
        if (runnable.size() > config.limits().maxSteps()) {
            throw ApiException.badRequest("the workflow has " + runnable.size() + " steps; at most "
                    + config.limits().maxSteps() + " are allowed (children of parallel steps count, the groups do not)",
                    "steps");
        }
        List<ObjectNode> params = params(runnable);
        ObjectNode input = request.input() == null ? json.createObjectNode() : json.valueToTree(request.input());
        ObjectNode inputContext = json.createObjectNode().set(TemplateReference.INPUT, input);
        List<PlannedStep> planned = new ArrayList<>(runnable.size());
        for (int index = 0; index < runnable.size(); index++) {
            Declared step = runnable.get(index);
            String paramsField = step.field() + ".params";
            checkRequiredParams(step, params.get(index), paramsField);
            Set<String> references = new LinkedHashSet<>();
            checkTemplates(step, params.get(index), paramsField, declared, inputContext, references);
            StepRetry retry = step.step().retry();
            planned.add(new PlannedStep(step.step().id(), step.step().type(), step.group(), step.stage(), index,
                    params.get(index),
                    retry != null && retry.maxAttempts() != null ? retry.maxAttempts() : config.retry().maxAttempts(),
                    retry != null && retry.backoffMs() != null ? Duration.ofMillis(retry.backoffMs())
                            : config.retry().backoff(),
                    Collections.unmodifiableSet(references)));
        }
        return new WorkflowPlan(input, List.copyOf(planned));
    }

    /** A step as declared: where it stands and where the caller wrote it. */
    private record Declared(WorkflowStep step, String field, int stage, String group) {
    }

    private static Declared declare(Map<String, Declared> declared, WorkflowStep step, String field, int stage,
                                    String group) {
        if (TemplateReference.INPUT.equals(step.id())) {
            throw ApiException.badRequest("the step id 'input' is reserved: {{input…}} reads the workflow input",
                    field + ".id");
        }
        Declared here = new Declared(step, field, stage, group);
        Declared earlier = declared.putIfAbsent(step.id(), here);
        if (earlier != null) {
            throw ApiException.badRequest("duplicate step id '" + step.id() + "': " + earlier.field()
                    + ".id has it too", field + ".id");
        }
        if (step.type() != WorkflowStepType.PARALLEL && step.steps() != null && !step.steps().isEmpty()) {
            throw ApiException.badRequest("step '" + step.id() + "' is a " + step.type().wireName()
                    + " step; only a parallel step has steps", field + ".steps");
        }
        return here;
    }

    private static void checkGroup(WorkflowStep group, String field) {
        if (group.steps() == null || group.steps().isEmpty()) {
            throw ApiException.badRequest("parallel step '" + group.id() + "' needs the steps it runs",
                    field + ".steps");
        }
        if (group.params() != null && !group.params().isEmpty()) {
            throw ApiException.badRequest("parallel step '" + group.id()
                    + "' takes no params; give them to the steps it runs", field + ".params");
        }
        if (group.retry() != null) {
            throw ApiException.badRequest("parallel step '" + group.id()
                    + "' is not retried itself; give the steps it runs their retry", field + ".retry");
        }
    }

    /** Each runnable step's params as JSON, all of them together within the size limit. */
    private List<ObjectNode> params(List<Declared> runnable) {
        List<ObjectNode> params = new ArrayList<>(runnable.size());
        long bytes = 0;
        for (Declared step : runnable) {
            ObjectNode node = step.step().params() == null ? json.createObjectNode()
                    : json.valueToTree(step.step().params());
            try {
                bytes += json.writeValueAsBytes(node).length;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serializes", e);
            }
            params.add(node);
        }
        long limit = config.limits().maxParamsSize().asLongValue();
        if (bytes > limit) {
            throw new ApiException(413, "request_too_large", "the steps' params take " + bytes
                    + " bytes of JSON; at most " + limit + " are allowed for a workflow", "steps");
        }
        return params;
    }

    /** What each step type needs, checked on values that are not templates (those are known only at run time). */
    private static void checkRequiredParams(Declared declared, ObjectNode params, String field) {
        String id = declared.step().id();
        switch (declared.step().type()) {
            case EMBEDDING -> {
                if (!text(params, "text", field) && !array(params, "texts", field, JsonNode::isTextual, "a string")) {
                    throw ApiException.badRequest("embedding step '" + id + "' needs params.text (a string) or"
                            + " params.texts (a non-empty array of strings)", field + ".text");
                }
            }
            case VECTOR_SEARCH -> {
                requireText(params, "collection", field, "vector_search step '" + id + "'");
                if (!text(params, "query", field) && !vector(params, field)) {
                    throw ApiException.badRequest("vector_search step '" + id + "' needs params.query (a string) or"
                            + " params.vector (a non-empty array of numbers)", field + ".query");
                }
            }
            case VECTOR_STORE -> {
                requireText(params, "collection", field, "vector_store step '" + id + "'");
                if (!text(params, "text", field) && !vector(params, field)) {
                    throw ApiException.badRequest("vector_store step '" + id + "' needs params.text (a string) or"
                            + " params.vector (a non-empty array of numbers)", field + ".text");
                }
            }
            case LLM_QUERY -> {
                if (!text(params, "prompt", field) && !array(params, "messages", field, JsonNode::isObject,
                        "an object")) {
                    throw ApiException.badRequest("llm_query step '" + id + "' needs params.prompt (a string) or"
                            + " params.messages (a non-empty array of messages)", field + ".prompt");
                }
            }
            case OUTPUT -> {
                // any params: they are the output
            }
            case PARALLEL -> throw new IllegalStateException("a parallel step never runs itself");
        }
        for (String name : NUMBER_PARAMS) {
            JsonNode value = params.get(name);
            if (present(value) && !value.isNumber() && !isSoleReference(value)) {
                throw ApiException.badRequest(name + " must be a number or a template", field + "." + name);
            }
        }
    }

    private static void requireText(ObjectNode params, String name, String field, String step) {
        if (!text(params, name, field)) {
            throw ApiException.badRequest(step + " needs params." + name + " (a string)", field + "." + name);
        }
    }

    /** @return whether the param is given; throws when it is given but is no non-blank string */
    private static boolean text(ObjectNode params, String name, String field) {
        JsonNode value = params.get(name);
        if (!present(value)) {
            return false;
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw ApiException.badRequest(name + " must be a non-empty string", field + "." + name);
        }
        return true;
    }

    private static boolean vector(ObjectNode params, String field) {
        return array(params, "vector", field, JsonNode::isNumber, "a number");
    }

    /**
     * @return whether the param is given; throws when it is given but is neither one template (it may render to an
     * array) nor a non-empty array whose items pass {@code item} or are templates
     */
    private static boolean array(ObjectNode params, String name, String field,
                                 Predicate<JsonNode> item, String itemKind) {
        JsonNode value = params.get(name);
        if (!present(value)) {
            return false;
        }
        if (isSoleReference(value)) {
            return true;
        }
        if (!value.isArray() || value.isEmpty()) {
            throw ApiException.badRequest(name + " must be a non-empty array or a template", field + "." + name);
        }
        for (int i = 0; i < value.size(); i++) {
            if (!item.test(value.get(i)) && !isSoleReference(value.get(i))) {
                throw ApiException.badRequest(name + "[" + i + "] must be " + itemKind + " or a template",
                        field + "." + name + "[" + i + "]");
            }
        }
        return true;
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull();
    }

    private static boolean isSoleReference(JsonNode value) {
        return value.isTextual() && Templates.isSoleReference(value.textValue());
    }

    /**
     * Checks every template in the params, nested values included: well formed, the input paths present, the steps
     * referenced finished before this one starts. Adds the steps referenced to {@code references}.
     */
    private static void checkTemplates(Declared step, JsonNode value, String field, Map<String, Declared> declared,
                                       ObjectNode inputContext, Set<String> references) {
        if (value.isObject()) {
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                checkTemplates(step, entry.getValue(), field + "." + entry.getKey(), declared, inputContext,
                        references);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                checkTemplates(step, value.get(i), field + "[" + i + "]", declared, inputContext, references);
            }
        } else if (value.isTextual()) {
            List<TemplateReference> found;
            try {
                found = Templates.references(value.textValue());
            } catch (TemplateException e) {
                throw ApiException.badRequest(e.getMessage(), field);
            }
            for (TemplateReference reference : found) {
                checkReference(step, reference, field, declared, inputContext);
                if (!reference.readsInput()) {
                    references.add(reference.stepId());
                }
            }
        }
    }

    private static void checkReference(Declared step, TemplateReference reference, String field,
                                       Map<String, Declared> declared, ObjectNode inputContext) {
        String subject = "step '" + step.step().id() + "' ";
        if (reference.readsInput()) {
            try {
                reference.resolve(inputContext);
            } catch (TemplateException e) {
                throw ApiException.badRequest(subject + "references the workflow input, but " + e.getMessage(),
                        field);
            }
            return;
        }
        Declared target = declared.get(reference.stepId());
        if (target == null) {
            throw ApiException.badRequest(subject + "references unknown step '" + reference.stepId() + "'", field);
        }
        if (target.step().type() == WorkflowStepType.PARALLEL) {
            throw ApiException.badRequest(subject + "references step '" + reference.stepId()
                    + "', a parallel group, which has no output; reference the steps it runs by their own ids",
                    field);
        }
        if (target.stage() >= step.stage()) {
            throw ApiException.badRequest(subject + "references step '" + reference.stepId()
                    + "', which has not finished when this step starts", field);
        }
    }
}
