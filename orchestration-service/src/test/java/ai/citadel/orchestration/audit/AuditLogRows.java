package ai.citadel.orchestration.audit;

import ai.citadel.testing.db.JdbcRows;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

/** Reads {@code orchestration.audit_logs} (see {@link JdbcRows}). */
public record AuditLogRows(DataSource dataSource) {

    /** The rows whose request id starts with the prefix, oldest first. */
    public List<Map<String, Object>> of(String requestIdPrefix) {
        return new JdbcRows(dataSource).query("""
                select id, created_at, user_id, method, path, status, latency_ms, host(client_ip) as client_ip,
                    request_id, body_sha256
                from orchestration.audit_logs where request_id like ? order by created_at, request_id""",
                requestIdPrefix + "%");
    }

    /** Waits until {@code count} rows have the prefix (the writer works off the request path). */
    public List<Map<String, Object>> await(String requestIdPrefix, int count) {
        return JdbcRows.await(() -> of(requestIdPrefix), rows -> rows.size() >= count, count + " audit rows");
    }

    /** The one row of a request. */
    public Map<String, Object> awaitOne(String requestId) {
        List<Map<String, Object>> rows = await(requestId, 1);
        if (rows.size() != 1) {
            throw new AssertionError("one row expected for " + requestId + ": " + rows);
        }
        return rows.getFirst();
    }
}
