package ai.citadel.orchestration.service.workflow;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.workflow.WorkflowAcceptedResponse;
import ai.citadel.model.workflow.WorkflowCreateRequest;
import ai.citadel.model.workflow.WorkflowList;
import ai.citadel.model.workflow.WorkflowProgress;
import ai.citadel.model.workflow.WorkflowProgressEvent;
import ai.citadel.model.workflow.WorkflowStatus;
import ai.citadel.model.workflow.WorkflowStatusResponse;
import ai.citadel.orchestration.config.WorkflowConfig;
import ai.citadel.orchestration.domain.Caller;
import ai.citadel.orchestration.domain.NewTask;
import ai.citadel.orchestration.domain.TaskRecord;
import ai.citadel.orchestration.domain.WorkflowRecord;
import ai.citadel.orchestration.repository.TaskQueue;
import ai.citadel.orchestration.repository.WorkflowRepository;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Submitting, reading, listing, cancelling and following workflows on behalf of a caller (docs/orchestration.md#api).
 * A workflow is visible to its owner and to admins only; to anyone else it does not exist (404).
 */
@ApplicationScoped
public class WorkflowService {

    private static final int DEFAULT_LIST_LIMIT = 20;

    private final WorkflowPlans plans;
    private final WorkflowRepository workflows;
    private final TaskQueue queue;
    private final WorkflowFeed feed;
    private final QueueMonitor monitor;
    private final WorkflowConfig config;
    private final ObjectMapper json;

    WorkflowService(WorkflowPlans plans, WorkflowRepository workflows, TaskQueue queue, WorkflowFeed feed,
                    QueueMonitor monitor, WorkflowConfig config, ObjectMapper json) {
        this.plans = plans;
        this.workflows = workflows;
        this.queue = queue;
        this.feed = feed;
        this.monitor = monitor;
        this.config = config;
        this.json = json;
    }

    /** A submission and whether it created the workflow (false: the caller's earlier one with the same key). */
    public record Submission(WorkflowAcceptedResponse accepted, boolean created) {
    }

    public Uni<Submission> submit(WorkflowCreateRequest request, Caller caller) {
        if (monitor.isFull()) {
            return Uni.createFrom().failure(new ApiException(503, "queue_full", "The workflow queue holds "
                    + config.limits().maxQueuedSteps() + " steps, its limit; retry later", null,
                    Map.of("Retry-After", "5")));
        }
        WorkflowPlan plan = plans.compile(request);
        List<NewTask> tasks = plan.steps().stream().map(step -> new NewTask(step.id(), step.index(), step.type(),
                step.stage(), step.group(), write(step.params()), step.maxAttempts(), step.backoff())).toList();
        return workflows.submit(caller.owner(), request.name(), request.idempotencyKey(),
                        write(request.input() == null ? Map.of() : request.input()), write(request), tasks)
                .map(submitted -> new Submission(
                        new WorkflowAcceptedResponse(submitted.id().toString(), submitted.status()),
                        submitted.created()));
    }

    public Uni<WorkflowStatusResponse> get(String id, Caller caller) {
        return visible(id, caller).chain(workflow -> workflows.tasks(workflow.id())
                .map(tasks -> response(workflow, tasks)));
    }

    /** The caller's workflows (everyone's for an admin), newest first; parameters as the query string gave them. */
    public Uni<WorkflowList> list(Caller caller, String status, String limit, String cursor) {
        return workflows.list(caller.admin() ? null : caller.owner(), status(status), position(cursor), limit(limit))
                .map(page -> new WorkflowList(
                        page.workflows().stream().map(workflow -> response(workflow, null)).toList(),
                        page.next().map(WorkflowService::cursor).orElse(null)));
    }

    /** Stops the workflow at its next step boundary and its running steps at once; 409 once it has ended. */
    public Uni<WorkflowStatusResponse> cancel(String id, Caller caller) {
        return visible(id, caller).chain(workflow -> queue.cancel(workflow.id()).chain(cancelled -> {
            if (!cancelled) {
                return Uni.createFrom().failure(new ApiException(409, "workflow_finished",
                        "workflow " + id + " has already ended", null));
            }
            return get(id, caller);
        }));
    }

    /**
     * The workflow's events after {@code after} (an event id; absent: from the first), then live until its final
     * event.
     */
    public Uni<Multi<WorkflowProgressEvent>> follow(String id, Caller caller, String after) {
        long position = eventPosition(after);
        return visible(id, caller).map(workflow -> feed.follow(workflow.id(), position));
    }

    private Uni<WorkflowRecord> visible(String id, Caller caller) {
        Optional<UUID> workflowId = uuid(id);
        if (workflowId.isEmpty()) {
            return Uni.createFrom().failure(notFound(id));
        }
        return workflows.find(workflowId.get()).map(found -> found
                .filter(workflow -> caller.admin() || workflow.owner().equals(caller.owner()))
                .orElseThrow(() -> notFound(id)));
    }

    private WorkflowStatusResponse response(WorkflowRecord workflow, List<TaskRecord> tasks) {
        return new WorkflowStatusResponse(workflow.id().toString(), workflow.name(), workflow.status(),
                new WorkflowProgress(workflow.stepsCompleted(), workflow.stepsTotal()),
                tasks == null ? null : tasks.stream().map(task -> new WorkflowStatusResponse.StepResult(task.stepId(),
                        task.type(), task.group(), task.status(), task.attempts(), read(task.output()), task.error(),
                        task.startedAt(), task.finishedAt())).toList(),
                read(workflow.result()), workflow.createdAt(), workflow.updatedAt(), workflow.startedAt(),
                workflow.finishedAt(), workflow.error());
    }

    private int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIST_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= config.limits().maxListLimit()) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + config.limits().maxListLimit(),
                "limit");
    }

    private static long eventPosition(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            long position = Long.parseLong(after.trim());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("the last event id must be an event id this service sent", "Last-Event-ID");
    }

    private static WorkflowStatus status(String status) {
        if (status == null || status.isEmpty()) {
            return null;
        }
        return Arrays.stream(WorkflowStatus.values()).filter(each -> each.wireName().equals(status)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("status must be one of pending, running, completed, "
                        + "failed, cancelled", "status"));
    }

    private static WorkflowRepository.Position position(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new WorkflowRepository.Position(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ApiException.badRequest("cursor is not one this service gave out", "cursor");
        }
    }

    private static String cursor(WorkflowRepository.Position position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (position.createdAt() + "|" + position.id()).getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<UUID> uuid(String id) {
        try {
            return Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(404, "workflow_not_found", "no workflow " + id, null);
    }

    private JsonNode read(String stored) {
        try {
            return stored == null ? null : json.readTree(stored);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
