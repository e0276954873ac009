package ai.citadel.gateway.audit;

import ai.citadel.testing.db.JdbcRows;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads the gateway's audit tables (see {@link JdbcRows}). */
public record AuditRows(DataSource dataSource) {

    List<Map<String, Object>> query(String sql, Object... parameters) {
        return new JdbcRows(dataSource).query(sql, parameters);
    }

    /** The {@code requests} rows whose request id starts with the prefix, oldest first. */
    List<Map<String, Object>> requests(String requestIdPrefix) {
        return query("select * from gateway.requests where request_id like ? order by created_at",
                requestIdPrefix + "%");
    }

    /** Waits until the condition holds on the rows (the writer works off the request path). */
    public List<Map<String, Object>> awaitRequests(String requestIdPrefix, Predicate<List<Map<String, Object>>> condition) {
        return JdbcRows.await(() -> requests(requestIdPrefix), condition, "audit rows matching the test's condition");
    }

    List<Map<String, Object>> messages(Object conversationId) {
        return query("select * from gateway.messages where conversation_id = ? order by seq, created_at",
                conversationId);
    }
}
