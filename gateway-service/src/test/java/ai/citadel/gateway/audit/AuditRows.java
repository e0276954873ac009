package ai.citadel.gateway.audit;

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
import java.util.function.Predicate;

/** Reads the audit tables over plain JDBC, straight to PostgreSQL (never through a test's fault proxy). */
public record AuditRows(DataSource dataSource) {

    List<Map<String, Object>> query(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
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

    /** The {@code requests} rows whose request id starts with the prefix, oldest first. */
    List<Map<String, Object>> requests(String requestIdPrefix) {
        return query("select * from gateway.requests where request_id like ? order by created_at",
                requestIdPrefix + "%");
    }

    /** Polls until the condition holds on the rows (the writer works off the request path), or fails. */
    public List<Map<String, Object>> awaitRequests(String requestIdPrefix, Predicate<List<Map<String, Object>>> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<Map<String, Object>> rows = requests(requestIdPrefix);
        while (!condition.test(rows)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("audit rows never matched; last seen: " + rows);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            rows = requests(requestIdPrefix);
        }
        return rows;
    }

    List<Map<String, Object>> messages(Object conversationId) {
        return query("select * from gateway.messages where conversation_id = ? order by seq, created_at",
                conversationId);
    }
}
