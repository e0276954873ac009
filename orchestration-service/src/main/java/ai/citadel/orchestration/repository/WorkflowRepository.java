package ai.citadel.orchestration.repository;

import ai.citadel.commons.db.DatabaseCalls;
import ai.citadel.model.workflow.WorkflowStatus;
import ai.citadel.orchestration.domain.NewTask;
import ai.citadel.orchestration.domain.TaskRecord;
import ai.citadel.orchestration.domain.WorkflowRecord;
import ai.citadel.orchestration.domain.WorkflowStatuses;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code orchestration.workflows} and the task rows a submission creates; reads for the API. */
@ApplicationScoped
public class WorkflowRepository {

    /** The workflow a submission created, or the one it repeated ({@code created} false). */
    public record Submitted(UUID id, WorkflowStatus status, boolean created) {
    }

    /** A page of a listing and the position after its last row, if more follow. */
    public record Page(List<WorkflowRecord> workflows, Optional<Position> next) {
    }

    /** A listing position: the last row's creation time and id (rows are listed newest first). */
    public record Position(Instant createdAt, UUID id) {
    }

    private static final String WORKFLOW_COLUMNS = """
            id, created_by, name, status, steps_completed, steps_total, result::text AS result, error, created_at,
            updated_at, started_at, finished_at""";

    private final Pool pool;
    private final DatabaseCalls database;

    WorkflowRepository(Pool pool, DatabaseCalls database) {
        this.pool = pool;
        this.database = database;
    }

    /**
     * Stores a workflow and queues its tasks (those of the first stage ready at once), or, when {@code owner} already
     * submitted one under {@code idempotencyKey}, answers that one and stores nothing.
     */
    public Uni<Submitted> submit(String owner, String name, String idempotencyKey, String inputJson,
                                 String definitionJson, List<NewTask> tasks) {
        return database.bounded(pool.withTransaction(connection -> connection.preparedQuery("""
                                INSERT INTO orchestration.workflows
                                    (created_by, name, idempotency_key, input, definition, steps_total)
                                VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb, $6)
                                ON CONFLICT (created_by, idempotency_key) DO NOTHING RETURNING id""")
                        .execute(Tuple.of(owner, name, idempotencyKey, inputJson, definitionJson, tasks.size()))
                        .chain(rows -> rows.size() == 0
                                ? existing(connection, owner, idempotencyKey)
                                : queue(connection, rows.iterator().next().getUUID("id"), tasks))));
    }

    public Uni<Optional<WorkflowRecord>> find(UUID id) {
        return database.bounded(pool.preparedQuery(
                        "SELECT " + WORKFLOW_COLUMNS + " FROM orchestration.workflows WHERE id = $1")
                        .execute(Tuple.of(id)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(workflow(rows.iterator().next())));
    }

    /** The workflow's tasks in definition order. */
    public Uni<List<TaskRecord>> tasks(UUID workflowId) {
        return database.bounded(pool.preparedQuery("""
                        SELECT step_id, type, group_id, status, attempts, output::text AS output, error, started_at,
                               finished_at
                        FROM orchestration.tasks WHERE workflow_id = $1 ORDER BY step_index""")
                        .execute(Tuple.of(workflowId)))
                .map(rows -> {
                    List<TaskRecord> tasks = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        tasks.add(new TaskRecord(row.getString("step_id"),
                                WorkflowStatuses.stepType(row.getString("type")), row.getString("group_id"),
                                WorkflowStatuses.step(row.getString("status"), row.getInteger("attempts")),
                                row.getInteger("attempts"), row.getString("output"), row.getString("error"),
                                instant(row, "started_at"), instant(row, "finished_at")));
                    }
                    return tasks;
                });
    }

    /**
     * The workflow's input and its completed tasks' outputs as a template context:
     * {@code {"input": …, "<step id>": {"output": …}, …}}, JSON.
     */
    public Uni<String> templateContext(UUID workflowId) {
        return database.bounded(pool.preparedQuery("""
                        SELECT jsonb_build_object('input', w.input)
                               || coalesce((SELECT jsonb_object_agg(t.step_id, jsonb_build_object('output', t.output))
                                            FROM orchestration.tasks t
                                            WHERE t.workflow_id = w.id AND t.status = 'completed'), '{}'::jsonb)
                               AS context
                        FROM orchestration.workflows w WHERE w.id = $1""").execute(Tuple.of(workflowId)))
                .map(rows -> rows.iterator().next().getValue("context").toString());
    }

    /**
     * Workflows newest first, those of {@code owner} only unless it is null, optionally of one status, starting
     * after {@code after}.
     */
    public Uni<Page> list(String owner, WorkflowStatus status, Position after, int limit) {
        return database.bounded(pool.preparedQuery("SELECT " + WORKFLOW_COLUMNS + """
                         FROM orchestration.workflows
                        WHERE ($1::text IS NULL OR created_by = $1) AND ($2::text IS NULL OR status = $2)
                          AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4))
                        ORDER BY created_at DESC, id DESC LIMIT $5""")
                        .execute(Tuple.of(owner, status == null ? null : status.wireName(),
                                after == null ? null : after.createdAt().atOffset(ZoneOffset.UTC),
                                after == null ? null : after.id(), limit + 1)))
                .map(rows -> {
                    List<WorkflowRecord> page = new ArrayList<>(limit);
                    for (Row row : rows) {
                        if (page.size() < limit) {
                            page.add(workflow(row));
                        }
                    }
                    boolean more = rows.size() > limit;
                    WorkflowRecord last = page.isEmpty() ? null : page.getLast();
                    return new Page(page, more ? Optional.of(new Position(last.createdAt(), last.id()))
                            : Optional.empty());
                });
    }

    /** Workflows by status, every status present. */
    public Uni<Map<WorkflowStatus, Long>> countByStatus() {
        return database.bounded(pool.query("SELECT status, count(*) AS n FROM orchestration.workflows GROUP BY status")
                        .execute())
                .map(rows -> {
                    Map<WorkflowStatus, Long> counts = new EnumMap<>(WorkflowStatus.class);
                    for (WorkflowStatus status : WorkflowStatus.values()) {
                        counts.put(status, 0L);
                    }
                    rows.forEach(row -> counts.put(WorkflowStatuses.workflow(row.getString("status")), row.getLong("n")));
                    return counts;
                });
    }

    /** Deletes up to {@code batchSize} workflows that finished more than {@code keep} ago, with their tasks and events. */
    public Uni<Integer> deleteFinished(Duration keep, int batchSize) {
        return database.bounded(pool.preparedQuery("""
                        DELETE FROM orchestration.workflows WHERE id IN (
                            SELECT id FROM orchestration.workflows
                            WHERE finished_at < now() - $1 * interval '1 millisecond'
                            ORDER BY finished_at LIMIT $2)""")
                        .execute(Tuple.of(keep.toMillis(), batchSize)))
                .map(rows -> rows.rowCount());
    }

    private static Uni<Submitted> existing(SqlConnection connection, String owner, String idempotencyKey) {
        return connection.preparedQuery("""
                        SELECT id, status FROM orchestration.workflows WHERE created_by = $1 AND idempotency_key = $2""")
                .execute(Tuple.of(owner, idempotencyKey))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    return new Submitted(row.getUUID("id"), WorkflowStatuses.workflow(row.getString("status")), false);
                });
    }

    private static Uni<Submitted> queue(SqlConnection connection, UUID workflowId, List<NewTask> tasks) {
        List<Tuple> rows = tasks.stream().map(task -> Tuple.tuple().addUUID(workflowId).addString(task.stepId())
                .addInteger(task.index()).addString(task.type().wireName()).addString(task.params())
                .addInteger(task.maxAttempts()).addLong(task.backoff().toMillis()).addInteger(task.stage())
                .addString(task.group())).toList();
        return connection.preparedQuery("""
                        INSERT INTO orchestration.tasks
                            (workflow_id, step_id, step_index, type, input, max_attempts, backoff_ms, stage, group_id,
                             run_after)
                        VALUES ($1, $2, $3, $4, $5::text::jsonb, $6, $7, $8, $9,
                                CASE WHEN $8 = 0 THEN now() ELSE 'infinity'::timestamptz END)""")
                .executeBatch(rows)
                .chain(() -> connection.query("SELECT pg_notify('" + TaskQueue.READY_CHANNEL + "', '')").execute())
                .map(done -> new Submitted(workflowId, WorkflowStatus.PENDING, true));
    }

    private static WorkflowRecord workflow(Row row) {
        return new WorkflowRecord(row.getUUID("id"), row.getString("created_by"), row.getString("name"),
                WorkflowStatuses.workflow(row.getString("status")), row.getInteger("steps_completed"),
                row.getInteger("steps_total"), row.getString("result"), row.getString("error"),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "started_at"),
                instant(row, "finished_at"));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
