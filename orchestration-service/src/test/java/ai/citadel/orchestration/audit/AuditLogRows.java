package ai.citadel.orchestration.audit;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code orchestration.audit_logs} over plain JDBC, straight to PostgreSQL (never through a fault proxy). */
public record AuditLogRows(DataSource dataSource) {

    /** The rows whose request id starts with the prefix, oldest first. */
    public List<Map<String, Object>> of(String requestIdPrefix) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select id, created_at, user_id, method, path, status, latency_ms, host(client_ip) as client_ip,
                         request_id, body_sha256
                     from orchestration.audit_logs where request_id like ? order by created_at, request_id""")) {
            statement.setString(1, requestIdPrefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData columns = rows.getMetaData();
                List<Map<String, Object>> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int c = 1; c <= columns.getColumnCount(); c++) {
                        row.put(columns.getColumnLabel(c), rows.getObject(c));
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until {@code count} rows have the prefix (the writer works off the request path), or fails. */
    public List<Map<String, Object>> await(String requestIdPrefix, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<Map<String, Object>> rows = of(requestIdPrefix);
        while (rows.size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + count + " audit rows; last seen: " + rows);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            rows = of(requestIdPrefix);
        }
        return rows;
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
