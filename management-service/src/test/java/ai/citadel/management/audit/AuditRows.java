package ai.citadel.management.audit;

import ai.citadel.testing.db.JdbcRows;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

/** Reads {@code management.admin_audit} (see {@link JdbcRows}). */
public record AuditRows(DataSource dataSource) {

    /** The rows of requests whose id starts with the prefix, oldest first; {@code roles} as a list. */
    public List<Map<String, Object>> of(String requestIdPrefix) {
        return new JdbcRows(dataSource).query("""
                select user_id, roles, action, host, target, method, path, status, outcome, duration_ms,
                    detail::text as detail, host(client_ip) as client_ip, request_id
                from management.admin_audit where request_id like ? order by created_at, request_id""",
                requestIdPrefix + "%");
    }

    /** Waits until the row of this request is there (the writer works off the request path). */
    public Map<String, Object> awaitOne(String requestId) {
        return JdbcRows.await(() -> of(requestId), rows -> !rows.isEmpty(), "the audit row of " + requestId)
                .getFirst();
    }
}
