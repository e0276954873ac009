package ai.citadel.orchestration.repository;

import ai.citadel.commons.db.DatabaseCalls;
import ai.citadel.model.workflow.WorkflowEventType;
import ai.citadel.model.workflow.WorkflowProgressEvent;
import ai.citadel.model.workflow.WorkflowStatus;
import ai.citadel.model.workflow.WorkflowStepStatus;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.domain.ClaimedTask;
import ai.citadel.orchestration.domain.WorkflowState;
import ai.citadel.orchestration.domain.WorkflowStatuses;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code orchestration.tasks} as a queue shared by every replica (docs/orchestration.md#engine). A worker claims
 * ready tasks with {@code FOR UPDATE SKIP LOCKED} and holds each under a lease it renews; every later change of a
 * task checks that the lease is still its own, so a task taken over after an expired lease is never completed
 * twice.
 * <p>
 * Lock order, to keep transactions from deadlocking: every transaction that changes a workflow locks the workflow's
 * row first and its tasks after; only {@link #claim} and {@link #renew}, which touch tasks alone, skip rows another
 * transaction holds instead of waiting for them.
 */
@ApplicationScoped
public class TaskQueue {

    /** Channel a worker listens on to look for work at once instead of at its next poll. */
    public static final String READY_CHANNEL = "citadel_tasks_ready";

    private static final String TASK_COLUMNS =
            "id, workflow_id, step_id, type, input::text AS input, attempts, max_attempts, backoff_ms";

    /**
     * Stores a task's output ($1 task, $2 owner, $3 output, $4 workflow) and counts it into its workflow's progress,
     * answering the workflow's state, the task's stage, its siblings not completed yet and the workflow's last stage;
     * no row when the owner no longer held the task. (Its subqueries see the tasks as they were before the
     * statement, hence the sibling count leaves the task itself out.)
     */
    private static final String COMPLETE = """
            WITH done AS (UPDATE orchestration.tasks
                          SET status = 'completed', output = $3::text::jsonb, error = NULL, finished_at = now(),
                              lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                          WHERE id = $1 AND status = 'running' AND lease_owner = $2
                          RETURNING stage),
                 progress AS (UPDATE orchestration.workflows
                              SET steps_completed = steps_completed + 1, updated_at = now()
                              WHERE id = $4 AND EXISTS (SELECT 1 FROM done)
                              RETURNING status, steps_completed, steps_total)
            SELECT done.stage, progress.status, progress.steps_completed, progress.steps_total,
                   (SELECT count(*) FROM orchestration.tasks
                    WHERE workflow_id = $4 AND stage = done.stage AND id <> $1 AND status <> 'completed') AS unfinished,
                   (SELECT max(stage) FROM orchestration.tasks WHERE workflow_id = $4) AS last_stage
            FROM done, progress""";

    private final Pool pool;
    private final DatabaseCalls database;
    private final WorkflowEventLog events;

    TaskQueue(Pool pool, DatabaseCalls database, WorkflowEventLog events) {
        this.pool = pool;
        this.database = database;
        this.events = events;
    }

    /** Claims up to {@code limit} ready tasks of the given types for {@code owner}, each leased for {@code lease}. */
    public Uni<List<ClaimedTask>> claim(String owner, List<WorkflowStepType> types, int limit, Duration lease) {
        return database.bounded(pool.preparedQuery("""
                        UPDATE orchestration.tasks
                        SET status = 'running', lease_owner = $1, lease_expires_at = now() + $2 * interval '1 millisecond',
                            attempts = attempts + 1, started_at = coalesce(started_at, now()), updated_at = now()
                        WHERE id IN (SELECT id FROM orchestration.tasks
                                     WHERE status = 'pending' AND run_after <= now() AND type = ANY($3)
                                     ORDER BY run_after LIMIT $4 FOR UPDATE SKIP LOCKED)
                        RETURNING\s""" + TASK_COLUMNS)
                        .execute(Tuple.of(owner, lease.toMillis(),
                                types.stream().map(WorkflowStepType::wireName).toArray(String[]::new), limit)))
                .map(TaskQueue::tasks);
    }

    /**
     * Reports a claimed task as started: its workflow becomes {@code running} (announced once) and the step's
     * attempt is announced. False when the workflow ended meanwhile (cancelled, or failed in another step): the task
     * must not run.
     */
    public Uni<Boolean> started(ClaimedTask task) {
        return transaction(connection -> lockWorkflow(connection, task.workflowId()).chain(state -> {
            if (state.status() == WorkflowStatus.RUNNING) {
                return events.append(connection, stepStarted(task, state)).replaceWith(true);
            }
            if (state.status() != WorkflowStatus.PENDING) {
                return Uni.createFrom().item(false);
            }
            return connection.preparedQuery("""
                            UPDATE orchestration.workflows
                            SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
                            WHERE id = $1 RETURNING status, steps_completed, steps_total""")
                    .execute(Tuple.of(task.workflowId())).map(TaskQueue::state)
                    .chain(running -> events.append(connection, WorkflowEventLog.workflowEvent(task.workflowId(),
                            WorkflowEventType.WORKFLOW_STARTED, running, null), stepStarted(task, running)))
                    .replaceWith(true);
        }));
    }

    private static WorkflowProgressEvent stepStarted(ClaimedTask task, WorkflowState state) {
        return WorkflowEventLog.stepEvent(task.workflowId(), WorkflowEventType.STEP_STARTED, state, task.stepId(),
                WorkflowStepStatus.RUNNING, task.attempt(), null);
    }

    /**
     * Extends the leases of the tasks {@code owner} still holds and answers their ids; a task missing from the answer
     * was taken away (its lease expired and another worker took it, or its workflow was cancelled or failed) and
     * must stop. Rows another transaction is changing right now are left for the next renewal, not waited for.
     */
    public Uni<Set<UUID>> renew(String owner, List<UUID> taskIds, Duration lease) {
        UUID[] ids = taskIds.toArray(UUID[]::new);
        return database.bounded(pool.preparedQuery("""
                                UPDATE orchestration.tasks SET lease_expires_at = now() + $3 * interval '1 millisecond'
                                WHERE id IN (SELECT id FROM orchestration.tasks
                                             WHERE id = ANY($1) AND status = 'running' AND lease_owner = $2
                                             FOR UPDATE SKIP LOCKED)""")
                        .execute(Tuple.of(ids, owner, lease.toMillis())))
                .chain(() -> database.bounded(pool.preparedQuery("""
                                SELECT id FROM orchestration.tasks
                                WHERE id = ANY($1) AND status = 'running' AND lease_owner = $2""")
                        .execute(Tuple.of(ids, owner))))
                .map(rows -> {
                    Set<UUID> held = new HashSet<>();
                    rows.forEach(row -> held.add(row.getUUID("id")));
                    return held;
                });
    }

    /**
     * Stores a task's output. When it was the last task of its stage, the next stage becomes ready, or, after the
     * last stage, the workflow completes with the stage's output as its result. False when {@code owner} no longer
     * held the task: nothing is changed.
     */
    public Uni<Boolean> complete(String owner, ClaimedTask task, String outputJson) {
        return transaction(connection -> lockWorkflow(connection, task.workflowId())
                .chain(() -> connection.preparedQuery(COMPLETE)
                        .execute(Tuple.of(task.id(), owner, outputJson, task.workflowId())))
                .chain(rows -> rows.size() == 0
                        ? Uni.createFrom().item(false)
                        : stepCompleted(connection, task, rows.iterator().next()).replaceWith(true)));
    }

    /**
     * Ends a failed attempt of a task {@code owner} holds: with {@code retryIn} present, the task waits that long and
     * is attempted again; without, the task fails and its workflow with it. False when {@code owner} no longer held
     * the task.
     */
    public Uni<Boolean> fail(String owner, ClaimedTask task, String error, Duration retryIn) {
        return transaction(connection -> lockWorkflow(connection, task.workflowId())
                .chain(state -> endAttempt(connection, task, error, retryIn,
                        "id = $1 AND status = 'running' AND lease_owner = $2", Tuple.of(task.id(), owner))));
    }

    /** A running task whose lease expired, and the worker that held it. */
    public record ExpiredLease(ClaimedTask task, String owner) {
    }

    /** Running tasks whose lease expired (their worker stopped or lost PostgreSQL), oldest first. */
    public Uni<List<ExpiredLease>> expired(int limit) {
        return database.bounded(pool.preparedQuery("SELECT lease_owner, " + TASK_COLUMNS + """
                         FROM orchestration.tasks WHERE status = 'running' AND lease_expires_at < now()
                        ORDER BY lease_expires_at LIMIT $1""").execute(Tuple.of(limit)))
                .map(rows -> {
                    List<ExpiredLease> expired = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        expired.add(new ExpiredLease(task(row), row.getString("lease_owner")));
                    }
                    return expired;
                });
    }

    /**
     * Takes back a task whose lease expired: attempted again at once while it has attempts left, failed with its
     * workflow otherwise. False when its worker renewed it or another replica took it back meanwhile.
     */
    public Uni<Boolean> rescue(ExpiredLease expired, String error) {
        ClaimedTask task = expired.task();
        return transaction(connection -> lockWorkflow(connection, task.workflowId())
                .chain(state -> endAttempt(connection, task, error, task.hasAttemptsLeft() ? Duration.ZERO : null,
                        "id = $1 AND status = 'running' AND lease_owner = $2 AND lease_expires_at < now()",
                        Tuple.of(task.id(), expired.owner()))));
    }

    /** Stops a workflow that has not ended: its unfinished tasks are cancelled. False when it had already ended. */
    public Uni<Boolean> cancel(UUID workflowId) {
        return transaction(connection -> lockWorkflow(connection, workflowId).chain(state -> {
            if (state.status() != WorkflowStatus.PENDING && state.status() != WorkflowStatus.RUNNING) {
                return Uni.createFrom().item(false);
            }
            return cancelUnfinishedTasks(connection, workflowId)
                    .chain(() -> finish(connection, workflowId, WorkflowStatus.CANCELLED, null))
                    .call(now -> events.append(connection, workflowId, WorkflowEventType.WORKFLOW_CANCELLED, now, null))
                    .replaceWith(true);
        }));
    }

    /** Steps waiting or running, all workflows together. */
    public Uni<Long> queued() {
        return database.bounded(pool.query(
                        "SELECT count(*) FROM orchestration.tasks WHERE status IN ('pending', 'running')").execute())
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Seconds the oldest ready task has been waiting for a worker (0 when none waits). */
    public Uni<Double> oldestReadyAge() {
        return database.bounded(pool.query("""
                        SELECT coalesce(extract(epoch FROM now() - min(run_after)), 0) FROM orchestration.tasks
                        WHERE status = 'pending' AND run_after <= now()""").execute())
                .map(rows -> rows.iterator().next().getDouble(0));
    }

    /** After {@link #COMPLETE}: the next stage is released, or the workflow completes, or siblings still run. */
    private Uni<Void> stepCompleted(SqlConnection connection, ClaimedTask task, Row completed) {
        WorkflowState state = state(completed);
        int stage = completed.getInteger("stage");
        WorkflowProgressEvent stepCompleted = WorkflowEventLog.stepEvent(task.workflowId(),
                WorkflowEventType.STEP_COMPLETED, state, task.stepId(), WorkflowStepStatus.COMPLETED, task.attempt(),
                null);
        if (completed.getLong("unfinished") > 0) {
            return events.append(connection, stepCompleted);
        }
        if (stage < completed.getInteger("last_stage")) {
            return events.append(connection, stepCompleted)
                    .chain(() -> releaseStage(connection, task.workflowId(), stage + 1));
        }
        return connection.preparedQuery("""
                        UPDATE orchestration.workflows
                        SET status = 'completed', finished_at = now(), updated_at = now(),
                            result = (SELECT CASE WHEN bool_and(group_id IS NULL) THEN (array_agg(output))[1]
                                                  ELSE jsonb_object_agg(step_id, output) END
                                      FROM orchestration.tasks WHERE workflow_id = $1 AND stage = $2)
                        WHERE id = $1 RETURNING status, steps_completed, steps_total""")
                .execute(Tuple.of(task.workflowId(), stage)).map(TaskQueue::state)
                .chain(done -> events.append(connection, stepCompleted, WorkflowEventLog.workflowEvent(
                        task.workflowId(), WorkflowEventType.WORKFLOW_COMPLETED, done, null)));
    }

    private Uni<Void> releaseStage(SqlConnection connection, UUID workflowId, int stage) {
        return connection.preparedQuery("""
                        WITH released AS (UPDATE orchestration.tasks SET run_after = now(), updated_at = now()
                                          WHERE workflow_id = $1 AND stage = $2 AND status = 'pending' RETURNING 1)
                        SELECT pg_notify('%s', '') FROM released LIMIT 1""".formatted(READY_CHANNEL))
                .execute(Tuple.of(workflowId, stage)).replaceWithVoid();
    }

    private Uni<Boolean> endAttempt(SqlConnection connection, ClaimedTask task, String error, Duration retryIn,
                                    String heldBy, Tuple taskAndHolder) {
        if (retryIn != null) {
            return connection.preparedQuery("""
                            UPDATE orchestration.tasks
                            SET status = 'pending', error = $3, run_after = now() + $4 * interval '1 millisecond',
                                lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                            WHERE\s""" + heldBy)
                    .execute(taskAndHolder.addString(error).addLong(retryIn.toMillis()))
                    .chain(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                            : currentState(connection, task.workflowId()).call(state -> events.append(connection,
                                            task.workflowId(), WorkflowEventType.STEP_RETRYING, state, task.stepId(),
                                            WorkflowStepStatus.RETRYING, task.attempt(), error))
                                    .replaceWith(true));
        }
        return connection.preparedQuery("""
                        UPDATE orchestration.tasks
                        SET status = 'failed', error = $3, finished_at = now(), lease_owner = NULL,
                            lease_expires_at = NULL, updated_at = now()
                        WHERE\s""" + heldBy)
                .execute(taskAndHolder.addString(error))
                .chain(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    String workflowError = "step " + task.stepId() + " failed after " + task.attempt()
                            + (task.attempt() == 1 ? " attempt: " : " attempts: ") + error;
                    return cancelUnfinishedTasks(connection, task.workflowId())
                            .chain(() -> currentState(connection, task.workflowId()))
                            .call(state -> events.append(connection, task.workflowId(), WorkflowEventType.STEP_FAILED,
                                    state, task.stepId(), WorkflowStepStatus.FAILED, task.attempt(), error))
                            .chain(() -> finish(connection, task.workflowId(), WorkflowStatus.FAILED, workflowError))
                            .call(state -> events.append(connection, task.workflowId(),
                                    WorkflowEventType.WORKFLOW_FAILED, state, workflowError))
                            .replaceWith(true);
                });
    }

    private static Uni<Void> cancelUnfinishedTasks(SqlConnection connection, UUID workflowId) {
        return connection.preparedQuery("""
                        UPDATE orchestration.tasks
                        SET status = 'cancelled', finished_at = now(), lease_owner = NULL, lease_expires_at = NULL,
                            updated_at = now()
                        WHERE workflow_id = $1 AND status IN ('pending', 'running')""")
                .execute(Tuple.of(workflowId)).replaceWithVoid();
    }

    /** Ends a workflow that did not complete (cancelled or failed); a completed one gets its result on the way. */
    private static Uni<WorkflowState> finish(SqlConnection connection, UUID workflowId, WorkflowStatus status,
                                             String error) {
        return connection.preparedQuery("""
                        UPDATE orchestration.workflows
                        SET status = $2, error = $3, finished_at = now(), updated_at = now()
                        WHERE id = $1 RETURNING status, steps_completed, steps_total""")
                .execute(Tuple.of(workflowId, status.wireName(), error)).map(TaskQueue::state);
    }

    private static Uni<WorkflowState> lockWorkflow(SqlConnection connection, UUID workflowId) {
        return connection.preparedQuery("""
                        SELECT status, steps_completed, steps_total FROM orchestration.workflows
                        WHERE id = $1 FOR UPDATE""")
                .execute(Tuple.of(workflowId)).map(TaskQueue::state);
    }

    private static Uni<WorkflowState> currentState(SqlConnection connection, UUID workflowId) {
        return connection.preparedQuery(
                        "SELECT status, steps_completed, steps_total FROM orchestration.workflows WHERE id = $1")
                .execute(Tuple.of(workflowId)).map(TaskQueue::state);
    }

    private <T> Uni<T> transaction(Function<SqlConnection, Uni<T>> work) {
        return database.bounded(pool.withTransaction(work));
    }

    private static WorkflowState state(RowSet<Row> rows) {
        return state(rows.iterator().next());
    }

    private static WorkflowState state(Row row) {
        return new WorkflowState(WorkflowStatuses.workflow(row.getString("status")),
                row.getInteger("steps_completed"), row.getInteger("steps_total"));
    }

    private static List<ClaimedTask> tasks(RowSet<Row> rows) {
        List<ClaimedTask> tasks = new ArrayList<>(rows.size());
        for (Row row : rows) {
            tasks.add(task(row));
        }
        return tasks;
    }

    private static ClaimedTask task(Row row) {
        return new ClaimedTask(row.getUUID("id"), row.getUUID("workflow_id"), row.getString("step_id"),
                WorkflowStatuses.stepType(row.getString("type")), row.getString("input"),
                row.getInteger("attempts"), row.getInteger("max_attempts"),
                Duration.ofMillis(row.getLong("backoff_ms")));
    }
}
