package ai.citadel.testing.db;

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
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Rows a test reads over plain JDBC, straight to PostgreSQL (never through a test's fault proxy), each as a map by
 * column label, SQL arrays as lists; and waiting for rows a service writes off the request path (the audit writers).
 */
public record JdbcRows(DataSource dataSource) {

    /** How long {@link #await} waits before it fails. */
    public static final Duration WAIT = Duration.ofSeconds(20);

    public List<Map<String, Object>> query(String sql, Object... parameters) {
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

    /** Reads the rows until {@code condition} holds on them, and answers them; fails after {@link #WAIT}. */
    public static List<Map<String, Object>> await(Supplier<List<Map<String, Object>>> read,
                                                  Predicate<List<Map<String, Object>>> condition, String expected) {
        Instant deadline = Instant.now().plus(WAIT);
        List<Map<String, Object>> rows = read.get();
        while (!condition.test(rows)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("expected " + expected + "; last seen: " + rows);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            rows = read.get();
        }
        return rows;
    }
}
