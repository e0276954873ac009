package ai.citadel.management.audit;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads {@code management.admin_audit} over plain JDBC, straight to PostgreSQL. */
public record AuditRows(DataSource dataSource) {

    /** The rows of requests whose id starts with the prefix, oldest first; {@code roles} as a list. */
    public List<Map<String, Object>> of(String requestIdPrefix) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select user_id, roles, action, host, target, method, path, status, outcome, duration_ms,
                         detail::text as detail, host(client_ip) as client_ip, request_id
                     from management.admin_audit where request_id like ? order by created_at, request_id""")) {
            statement.setString(1, requestIdPrefix + "%");
            try (ResultSet rows = statement.executeQuery()) {
                ResultSetMetaData columns = rows.getMetaData();
                List<Map<String, Object>> result = new ArrayList<>();
                while (rows.next()) {
                    Map<String, Object> row = new HashMap<>();
                    for (int c = 1; c <= columns.getColumnCount(); c++) {
                        Object value = rows.getObject(c);
                        row.put(columns.getColumnLabel(c),
                                value instanceof Array array ? Arrays.asList((Object[]) array.getArray()) : value);
                    }
                    result.add(row);
                }
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the row of this request is there (the writer works off the request path), or fails. */
    public Map<String, Object> awaitOne(String requestId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<Map<String, Object>> rows = of(requestId);
        while (rows.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no audit row for request " + requestId);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            rows = of(requestId);
        }
        return rows.getFirst();
    }
}
