package ai.citadel.orchestration.repository;

import ai.citadel.commons.db.DatabaseCalls;
import ai.citadel.model.workflow.WorkflowEventType;
import ai.citadel.model.workflow.WorkflowStatus;
import ai.citadel.model.workflow.WorkflowStepStatus;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.domain.ClaimedTask;
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
 * row first and its tasks after; {@link #claim} skips workflows another transaction holds, and {@link #renew}, which
 * touches tasks alone, skips rows another transaction holds, instead of waiting for them.
 */
@ApplicationScoped
public class TaskQueue {

    /** Channel a worker listens on to look for work at once instead of at its next poll (also in migration V4). */
    public static final String READY_CHANNEL = "citadel_tasks_ready";

    private static final String TASK_COLUMNS =
            "id, workflow_id, step_id, type, input::text AS input, attempts, max_attempts, backoff_ms";

    /** The most completions written in one transaction. */
    private static final int MAX_COMPLETION_BATCH = 100;

    private final Pool pool;
    private final DatabaseCalls database;
    private final WorkflowEventLog events;
    private final GroupCommit<Completion, Boolean> completions =
            new GroupCommit<>(this::writeCompletions, MAX_COMPLETION_BATCH);

    TaskQueue(Pool pool, DatabaseCalls database, WorkflowEventLog events) {
        this.pool = pool;
        this.database = database;
        this.events = events;
    }

    /**
     * Claims up to {@code limit} ready tasks of the given types for {@code owner}, each leased for {@code lease}, and
     * starts them, all in one round trip ({@code orchestration.claim_tasks}, migration V4): each one's workflow
     * becomes {@code running} and each attempt is announced. Tasks of workflows that ended are never claimed.
     */
    public Uni<List<ClaimedTask>> claim(String owner, List<WorkflowStepType> types, int limit, Duration lease) {
        return database.bounded(pool.preparedQuery("SELECT * FROM orchestration.claim_tasks($1, $2, $3, $4)")
                        .execute(Tuple.of(owner, types.stream().map(WorkflowStepType::wireName).toArray(String[]::new),
                                limit, lease.toMillis())))
                .map(TaskQueue::tasks);
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
     * Stores a task's output. When it was the last task of its stage, the next stage becomes ready, or, after the last
     * stage, the workflow completes with the stage's output as its result. False when {@code owner} no longer held
     * the task: nothing is changed. Completions that arrive while others are being written go together in one
     * transaction ({@code orchestration.complete_tasks}, migration V4).
     */
    public Uni<Boolean> complete(String owner, ClaimedTask task, String outputJson) {
        return completions.submit(new Completion(owner, task, outputJson));
    }

    private record Completion(String owner, ClaimedTask task, String outputJson) {
    }

    /** One transaction for the batch; answers, per completion, whether its owner still held the task. */
    private Uni<List<Boolean>> writeCompletions(List<Completion> batch) {
        return database.bounded(pool.preparedQuery(
                                "SELECT * FROM orchestration.complete_tasks($1, $2, $3, $4::text[]::jsonb[])")
                        .execute(Tuple.of(batch.stream().map(each -> each.task().id()).toArray(UUID[]::new),
                                batch.stream().map(each -> each.task().workflowId()).toArray(UUID[]::new),
                                batch.stream().map(Completion::owner).toArray(String[]::new),
                                batch.stream().map(Completion::outputJson).toArray(String[]::new))))
                .map(rows -> {
                    Set<UUID> completed = new HashSet<>();
                    rows.forEach(row -> completed.add(row.getUUID(0)));
                    return batch.stream().map(each -> completed.contains(each.task().id())).toList();
                });
    }

    /**
     * Ends a failed attempt of a task {@code owner} holds: with {@code retryIn} present, the task waits that long and
     * is attempted again; without, the task fails and its workflow with it. False when {@code owner} no longer held
     * the task.
     */
    public Uni<Boolean> fail(String owner, ClaimedTask task, String error, Duration retryIn) {
        return transaction(connection -> lockWorkflow(connection, task.workflowId())
                .chain(status -> endAttempt(connection, task, error, retryIn,
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
                .chain(status -> endAttempt(connection, task, error, task.hasAttemptsLeft() ? Duration.ZERO : null,
                        "id = $1 AND status = 'running' AND lease_owner = $2 AND lease_expires_at < now()",
                        Tuple.of(task.id(), expired.owner()))));
    }

    /** Stops a workflow that has not ended: its unfinished tasks are cancelled. False when it had already ended. */
    public Uni<Boolean> cancel(UUID workflowId) {
        return transaction(connection -> lockWorkflow(connection, workflowId).chain(status -> {
            if (status != WorkflowStatus.PENDING && status != WorkflowStatus.RUNNING) {
                return Uni.createFrom().item(false);
            }
            return cancelUnfinishedTasks(connection, workflowId)
                    .chain(() -> finish(connection, workflowId, WorkflowStatus.CANCELLED, null))
                    .chain(() -> events.append(connection, workflowId, WorkflowEventType.WORKFLOW_CANCELLED, null))
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
                            : events.append(connection, task, WorkflowEventType.STEP_RETRYING,
                                    WorkflowStepStatus.RETRYING, error).replaceWith(true));
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
                            .chain(() -> events.append(connection, task, WorkflowEventType.STEP_FAILED,
                                    WorkflowStepStatus.FAILED, error))
                            .chain(() -> finish(connection, task.workflowId(), WorkflowStatus.FAILED, workflowError))
                            .chain(() -> events.append(connection, task.workflowId(),
                                    WorkflowEventType.WORKFLOW_FAILED, workflowError))
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

    /** Ends a workflow that did not complete: cancelled, or failed with {@code error}. */
    private static Uni<Void> finish(SqlConnection connection, UUID workflowId, WorkflowStatus status, String error) {
        return connection.preparedQuery("""
                        UPDATE orchestration.workflows
                        SET status = $2, error = $3, finished_at = now(), updated_at = now()
                        WHERE id = $1""")
                .execute(Tuple.of(workflowId, status.wireName(), error)).replaceWithVoid();
    }

    private static Uni<WorkflowStatus> lockWorkflow(SqlConnection connection, UUID workflowId) {
        return connection.preparedQuery("SELECT status FROM orchestration.workflows WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(workflowId))
                .map(rows -> WorkflowStatuses.workflow(rows.iterator().next().getString("status")));
    }

    private <T> Uni<T> transaction(Function<SqlConnection, Uni<T>> work) {
        return database.bounded(pool.withTransaction(work));
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
