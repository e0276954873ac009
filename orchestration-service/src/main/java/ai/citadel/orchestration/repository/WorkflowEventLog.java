package ai.citadel.orchestration.repository;

import ai.citadel.commons.db.DatabaseCalls;
import ai.citadel.model.workflow.WorkflowEventType;
import ai.citadel.model.workflow.WorkflowProgressEvent;
import ai.citadel.model.workflow.WorkflowStepStatus;
import ai.citadel.orchestration.domain.WorkflowState;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code orchestration.workflow_events}: each workflow's progress feed. An event is appended in the transaction that
 * made the change, numbered by bumping {@code workflows.event_seq} (which locks the workflow's row, so a workflow's
 * events commit in number order), and announced with {@code NOTIFY} {@value #CHANNEL} on commit.
 */
@ApplicationScoped
public class WorkflowEventLog {

    /** Channel of the change notifications; the payload is the workflow id and the event type, space-separated. */
    public static final String CHANNEL = "citadel_workflow_events";

    /** Appends events of one workflow ($2 their types, $3 their JSON, in order) under consecutive numbers. */
    private static final String APPEND = """
            WITH s AS (UPDATE orchestration.workflows SET event_seq = event_seq + cardinality($2::text[])
                       WHERE id = $1 RETURNING event_seq),
                 e AS (INSERT INTO orchestration.workflow_events (workflow_id, seq, type, data)
                       SELECT $1, s.event_seq - cardinality($2::text[]) + t.ord, t.type, t.data::jsonb
                       FROM s, unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(type, data, ord)
                       RETURNING seq, type)
            SELECT seq, pg_notify('%s', $1::text || ' ' || type) FROM e""".formatted(CHANNEL);

    private final Pool pool;
    private final DatabaseCalls database;
    private final ObjectMapper json;

    WorkflowEventLog(Pool pool, DatabaseCalls database, ObjectMapper json) {
        this.pool = pool;
        this.database = database;
        this.json = json;
    }

    /** A workflow-level event. */
    public Uni<Void> append(SqlConnection connection, UUID workflowId, WorkflowEventType type, WorkflowState state,
                            String error) {
        return append(connection, workflowEvent(workflowId, type, state, error));
    }

    /** A step-level event. */
    public Uni<Void> append(SqlConnection connection, UUID workflowId, WorkflowEventType type, WorkflowState state,
                            String stepId, WorkflowStepStatus stepStatus, int attempt, String error) {
        return append(connection, stepEvent(workflowId, type, state, stepId, stepStatus, attempt, error));
    }

    /** Events of one workflow, in one statement, in the order given. */
    public Uni<Void> append(SqlConnection connection, WorkflowProgressEvent... events) {
        String[] types = new String[events.length];
        String[] data = new String[events.length];
        for (int i = 0; i < events.length; i++) {
            types[i] = events[i].type().wireName();
            data[i] = write(events[i]);
        }
        return connection.preparedQuery(APPEND)
                .execute(Tuple.of(UUID.fromString(events[0].workflowId()), types, data))
                .replaceWithVoid();
    }

    public static WorkflowProgressEvent workflowEvent(UUID workflowId, WorkflowEventType type, WorkflowState state,
                                                      String error) {
        return new WorkflowProgressEvent(null, type, workflowId.toString(), state.status(), null, null, null,
                state.progress(), null, error, Instant.now());
    }

    public static WorkflowProgressEvent stepEvent(UUID workflowId, WorkflowEventType type, WorkflowState state,
                                                  String stepId, WorkflowStepStatus stepStatus, int attempt,
                                                  String error) {
        return new WorkflowProgressEvent(null, type, workflowId.toString(), state.status(), stepId, stepStatus,
                attempt, state.progress(), null, error, Instant.now());
    }

    /** Model text a streaming step received; outside any other change, so in a transaction of its own. */
    public Uni<Void> appendTokens(UUID workflowId, String stepId, int attempt, String delta) {
        WorkflowProgressEvent event = new WorkflowProgressEvent(null, WorkflowEventType.LLM_TOKENS,
                workflowId.toString(), null, stepId, WorkflowStepStatus.RUNNING, attempt, null, delta, null,
                Instant.now());
        return database.bounded(pool.withTransaction(connection -> append(connection, event)));
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

    private String write(WorkflowProgressEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
