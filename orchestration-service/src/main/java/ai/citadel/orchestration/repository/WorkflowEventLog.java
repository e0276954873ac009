package ai.citadel.orchestration.repository;

import ai.citadel.commons.db.DatabaseCalls;
import ai.citadel.model.workflow.WorkflowEventType;
import ai.citadel.model.workflow.WorkflowProgressEvent;
import ai.citadel.model.workflow.WorkflowStepStatus;
import ai.citadel.orchestration.domain.ClaimedTask;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * {@code orchestration.workflow_events}: each workflow's progress feed. An event is appended in the transaction that
 * made the change by {@code orchestration.append_event} (migration V4, which also writes the events of a step's claim
 * and completion): numbered by bumping {@code workflows.event_seq} (which locks the workflow's row, so a workflow's
 * events commit in number order), carrying the workflow's status and progress as the change left them, and announced
 * with {@code NOTIFY} {@value #CHANNEL} on commit.
 */
@ApplicationScoped
public class WorkflowEventLog {

    /** Channel of the change notifications; the payload is the workflow id and the event type, space-separated. */
    public static final String CHANNEL = "citadel_workflow_events";

    private static final String APPEND = "SELECT orchestration.append_event($1, $2, $3, $4, $5, $6, $7)";

    private final Pool pool;
    private final DatabaseCalls database;
    private final ObjectMapper json;

    WorkflowEventLog(Pool pool, DatabaseCalls database, ObjectMapper json) {
        this.pool = pool;
        this.database = database;
        this.json = json;
    }

    /** A workflow-level event. */
    public Uni<Void> append(SqlConnection connection, UUID workflowId, WorkflowEventType type, String error) {
        return connection.preparedQuery(APPEND)
                .execute(Tuple.from(Arrays.asList(workflowId, type.wireName(), null, null, null, error, null)))
                .replaceWithVoid();
    }

    /** An event of a step's attempt. */
    public Uni<Void> append(SqlConnection connection, ClaimedTask task, WorkflowEventType type,
                            WorkflowStepStatus stepStatus, String error) {
        return connection.preparedQuery(APPEND)
                .execute(Tuple.from(Arrays.asList(task.workflowId(), type.wireName(), task.stepId(),
                        stepStatus.wireName(), task.attempt(), error, null)))
                .replaceWithVoid();
    }

    /** Model text a streaming step received; outside any other change, so a statement of its own. */
    public Uni<Void> appendTokens(UUID workflowId, String stepId, int attempt, String delta) {
        return database.bounded(pool.preparedQuery(APPEND)
                        .execute(Tuple.from(Arrays.asList(workflowId, WorkflowEventType.LLM_TOKENS.wireName(), stepId,
                                WorkflowStepStatus.RUNNING.wireName(), attempt, null, delta))))
                .replaceWithVoid();
    }

    /** The workflow's events after {@code afterSeq}, in order, at most {@code limit}. */
    public Uni<List<WorkflowProgressEvent>> readAfter(UUID workflowId, long afterSeq, int limit) {
        return database.bounded(pool.preparedQuery("""
                        SELECT seq, data::text AS data FROM orchestration.workflow_events
                        WHERE workflow_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""")
                        .execute(Tuple.of(workflowId, afterSeq, limit)))
                .map(rows -> {
                    List<WorkflowProgressEvent> events = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        events.add(read(row));
                    }
                    return events;
                });
    }

    private WorkflowProgressEvent read(Row row) {
        try {
            WorkflowProgressEvent stored = json.readValue(row.getString("data"), WorkflowProgressEvent.class);
            return new WorkflowProgressEvent(row.getLong("seq"), stored.type(), stored.workflowId(), stored.status(),
                    stored.stepId(), stored.stepStatus(), stored.attempt(), stored.progress(), stored.delta(),
                    stored.error(), stored.timestamp());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
