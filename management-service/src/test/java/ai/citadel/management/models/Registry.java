package ai.citadel.management.models;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** Reads {@code management.llm_metadata}, the model registry, over plain JDBC. */
record Registry(DataSource dataSource) {

    /** The row of a model on a host, empty when there is none. */
    Map<String, Object> row(String host, String name) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select host, name, digest, size_bytes, family, parameter_size, quantization, status,
                         pulled_at, last_seen_at, details::text as details
                     from management.llm_metadata where host = ? and name = ?""")) {
            statement.setString(1, host);
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                Map<String, Object> row = new HashMap<>();
                if (rows.next()) {
                    ResultSetMetaData columns = rows.getMetaData();
                    for (int c = 1; c <= columns.getColumnCount(); c++) {
                        row.put(columns.getColumnLabel(c), rows.getObject(c));
                    }
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the model's row on the host has this status, and answers it. */
    Map<String, Object> awaitStatus(String host, String name, String status) {
        AtomicReference<Map<String, Object>> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .alias("registry row of " + name + " on " + host + " with status " + status)
                .until(() -> {
                    last.set(row(host, name));
                    return status.equals(last.get().get("status"));
                });
        return last.get();
    }
}
