package ai.citadel.orchestration.service.workflow;

import ai.citadel.commons.db.DatabaseUnavailableException;
import ai.citadel.model.workflow.WorkflowEventType;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.config.WorkflowConfig;
import ai.citadel.orchestration.domain.ClaimedTask;
import ai.citadel.orchestration.repository.PgNotifications;
import ai.citadel.orchestration.repository.TaskQueue;
import ai.citadel.orchestration.repository.WorkflowEventLog;
import ai.citadel.orchestration.repository.WorkflowRepository;
import ai.citadel.orchestration.service.step.StepContext;
import ai.citadel.orchestration.service.step.StepFailure;
import ai.citadel.orchestration.service.step.StepRunners;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs workflow steps from the shared queue (docs/orchestration.md#engine): claims ready steps up to this replica's
 * concurrency (in all and per step type), renews their leases while they run, stores each outcome, and takes back
 * the steps of workers that stopped. A step whose workflow was cancelled or failed elsewhere, or whose lease was lost,
 * is cancelled here, its dependency call with it.
 */
@ApplicationScoped
public class WorkflowWorker {

    private static final Logger LOG = Logger.getLogger(WorkflowWorker.class);
    private static final int RESCUE_BATCH = 100;

    /** A step this replica runs. */
    private static final class Running {
        final ClaimedTask task;
        final long startedNanos = System.nanoTime();
        volatile Cancellable call;
        volatile boolean cancelled;

        Running(ClaimedTask task) {
            this.task = task;
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - startedNanos);
        }

        void cancel() {
            cancelled = true;
            Cancellable current = call;
            if (current != null) {
                current.cancel();
            }
        }
    }

    private final String owner;
    private final TaskQueue queue;
    private final WorkflowRepository workflows;
    private final WorkflowEventLog events;
    private final WorkflowConfig config;
    private final OrchestrationMetrics metrics;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Backoff backoff;
    private final StepRunners runners;
    /**
     * The step types claimed in one query each poll: those without a cap of their own together (one query however
     * many types), then each capped type alone.
     */
    private final List<List<WorkflowStepType>> claimGroups;
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile boolean pollAgain;
    private volatile boolean stopping;
    private long pollTimer;

    WorkflowWorker(TaskQueue queue, WorkflowRepository workflows, WorkflowEventLog events, WorkflowConfig config,
                   OrchestrationMetrics metrics, ObjectMapper json, Vertx vertx, StepRunners runners,
                   PgNotifications notifications) {
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.queue = queue;
        this.workflows = workflows;
        this.events = events;
        this.config = config;
        this.metrics = metrics;
        this.json = json;
        this.vertx = vertx;
        this.backoff = new Backoff(config.retry().maxBackoff(), () -> ThreadLocalRandom.current().nextDouble());
        this.runners = runners;
        Map<Boolean, List<WorkflowStepType>> byCapped = Arrays.stream(WorkflowStepType.values())
                .filter(runners::runs)
                .collect(Collectors.partitioningBy(
                        type -> config.worker().typeConcurrency().containsKey(type.wireName())));
        this.claimGroups = Stream.concat(Stream.of(byCapped.get(false)).filter(types -> !types.isEmpty()),
                byCapped.get(true).stream().map(List::of)).toList();
        notifications.listen(TaskQueue.READY_CHANNEL, payload -> poll());
        notifications.listen(WorkflowEventLog.CHANNEL, this::workflowChanged);
    }

    void start(@Observes StartupEvent started) {
        // a Vert.x timer rather than @Scheduled, which cannot run more often than once a second
        pollTimer = vertx.setPeriodic(config.worker().pollInterval().toMillis(), tick -> poll());
        LOG.infof("Workflow worker %s runs up to %d steps at once", owner, config.worker().concurrency());
    }

    /** Stops claiming; the steps still running keep their leases until they end or the process does. */
    void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
        vertx.cancelTimer(pollTimer);
    }

    /** Looks for ready steps while there is room; calls that overlap one in progress make it look once more. */
    void poll() {
        if (stopping) {
            return;
        }
        if (!polling.compareAndSet(false, true)) {
            pollAgain = true;
            return;
        }
        pollAgain = false;
        Multi.createFrom().iterable(claimGroups)
                .onItem().transformToUniAndConcatenate(this::claim)
                .collect().last()
                .subscribe().with(done -> pollDone(), failure -> {
                    LOG.warnf("Could not claim workflow steps: %s", failure.getMessage());
                    pollDone();
                });
    }

    @Scheduled(every = "${citadel.workflows.worker.lease-renewal}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> renewLeases() {
        if (running.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = List.copyOf(running.keySet());
        return queue.renew(owner, ids, config.worker().lease())
                .invoke(held -> ids.stream().filter(id -> !held.contains(id)).forEach(id -> {
                    Running lost = running.remove(id);
                    if (lost != null) {
                        LOG.infof("Step %s of workflow %s was taken away (lease lost or workflow ended); stopping it",
                                lost.task.stepId(), lost.task.workflowId());
                        lost.cancel();
                    }
                }))
                .onFailure().invoke(failure -> LOG.warnf("Could not renew step leases: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = "${citadel.workflows.worker.rescue-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rescueExpired() {
        return queue.expired(RESCUE_BATCH)
                .onItem().transformToMulti(expired -> Multi.createFrom().iterable(expired))
                .onItem().transformToUniAndConcatenate(expired -> queue.rescue(expired,
                                "the worker running attempt " + expired.task().attempt() + " stopped (its lease expired)")
                        .invoke(rescued -> {
                            if (rescued) {
                                metrics.leaseExpired();
                                LOG.warnf("Took back step %s of workflow %s from %s, whose lease expired",
                                        expired.task().stepId(), expired.task().workflowId(), expired.owner());
                            }
                        }))
                .collect().last()
                .invoke(rescued -> {
                    if (rescued != null) {
                        poll();
                    }
                })
                .onFailure().invoke(failure -> LOG.warnf("Could not take back expired steps: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private void pollDone() {
        polling.set(false);
        if (pollAgain) {
            poll();
        }
    }

    private Uni<Void> claim(List<WorkflowStepType> types) {
        int room = Math.min(config.worker().concurrency() - running.size(),
                types.stream().mapToInt(this::roomFor).min().orElse(0));
        if (room <= 0 || stopping) {
            return Uni.createFrom().voidItem();
        }
        return queue.claim(owner, types, room, config.worker().lease())
                .invoke(claimed -> claimed.forEach(this::start))
                .replaceWithVoid();
    }

    private int roomFor(WorkflowStepType type) {
        Integer cap = config.worker().typeConcurrency().get(type.wireName());
        if (cap == null) {
            return Integer.MAX_VALUE;
        }
        return cap - (int) running.values().stream().filter(each -> each.task.type() == type).count();
    }

    /** Runs a step its claim started. */
    private void start(ClaimedTask task) {
        Running step = new Running(task);
        running.put(task.id(), step);
        step.call = attempt(step).subscribe().with(output -> succeeded(step, output), failure -> failed(step, failure));
    }

    /** Renders the step's templates against the workflow's input and earlier outputs, then runs it. */
    private Uni<JsonNode> attempt(Running step) {
        ClaimedTask task = step.task;
        TokenBuffer tokens = new TokenBuffer(vertx, config.events().tokenFlushInterval(),
                delta -> events.appendTokens(task.workflowId(), task.stepId(), task.attempt(), delta));
        Uni<ObjectNode> params = task.params().contains("{{")
                ? workflows.templateContext(task.workflowId())
                .map(context -> Templates.render(parse(task.params()), parse(context)))
                : Uni.createFrom().item(() -> parse(task.params()));
        return params
                .chain(rendered -> runners.run(task.type(), rendered, new StepContext(task.workflowId().toString(), task.stepId(),
                        task.attempt(), tokens::append)))
                .call(tokens::flush)
                .onCancellation().invoke(tokens::close);
    }

    private void succeeded(Running step, JsonNode output) {
        ClaimedTask task = step.task;
        String outputJson;
        try {
            outputJson = json.writeValueAsString(output);
        } catch (JsonProcessingException e) {
            failed(step, e);
            return;
        }
        int size = outputJson.getBytes(StandardCharsets.UTF_8).length;
        if (size > config.limits().maxStepOutputBytes()) {
            failed(step, new StepFailure("output_too_large", "the step's output is " + size
                    + " bytes of JSON, more than the " + config.limits().maxStepOutputBytes() + " a step may keep",
                    false));
            return;
        }
        queue.complete(owner, task, outputJson).subscribe().with(stored -> {
            metrics.stepAttempt(task.type(), stored ? "completed" : "cancelled", step.elapsed());
            finished(step);
        }, failure -> {
            // the lease runs out and another attempt runs the step again: steps are at least once
            LOG.warnf("Could not store the output of step %s of workflow %s: %s", task.stepId(), task.workflowId(),
                    failure.getMessage());
            finished(step);
        });
    }

    private void failed(Running step, Throwable failure) {
        ClaimedTask task = step.task;
        if (step.cancelled) {
            finished(step);
            return;
        }
        // a template with no value is the workflow's own error; PostgreSQL away while the step's inputs were read
        // is passing; anything else was reported by the step runner
        boolean retryable = switch (failure) {
            case StepFailure stepFailure -> stepFailure.retryable();
            case DatabaseUnavailableException unavailable -> true;
            default -> false;
        };
        String error = failure instanceof StepFailure || failure instanceof TemplateException
                || failure instanceof DatabaseUnavailableException
                ? failure.getMessage() : "internal error: " + failure;
        Duration retryIn = retryable && task.hasAttemptsLeft() ? backoff.after(task.attempt(), task.backoff()) : null;
        queue.fail(owner, task, error, retryIn).subscribe().with(stored -> {
            metrics.stepAttempt(task.type(), retryIn != null ? "retrying" : "failed", step.elapsed());
            if (stored && retryIn != null) {
                metrics.retry(task.type());
            }
            finished(step);
        }, storeFailure -> {
            LOG.warnf("Could not store the failure of step %s of workflow %s: %s", task.stepId(), task.workflowId(),
                    storeFailure.getMessage());
            finished(step);
        });
    }

    private void finished(Running step) {
        running.remove(step.task.id(), step);
        poll();
    }

    /** A workflow that ended (cancelled, or failed in another step) stops its steps running here. */
    private void workflowChanged(String payload) {
        int space = payload.indexOf(' ');
        if (space < 0 || running.isEmpty()) {
            return;
        }
        String type = payload.substring(space + 1);
        if (type.equals(WorkflowEventType.WORKFLOW_CANCELLED.wireName())
                || type.equals(WorkflowEventType.WORKFLOW_FAILED.wireName())) {
            UUID workflowId = UUID.fromString(payload.substring(0, space));
            running.values().stream().filter(step -> step.task.workflowId().equals(workflowId)).forEach(step -> {
                step.cancel();
                running.remove(step.task.id(), step);
            });
        }
    }

    private ObjectNode parse(String params) {
        try {
            return (ObjectNode) json.readTree(params);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored step parameters are not JSON", e);
        }
    }
}
