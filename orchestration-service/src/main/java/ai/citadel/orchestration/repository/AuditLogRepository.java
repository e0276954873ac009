package ai.citadel.orchestration.repository;

import ai.citadel.commons.audit.AuditTrail;
import ai.citadel.commons.db.PgText;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Writes API audit rows in batches: one multi-row insert ({@code unnest} of bound arrays). A row whose id is already
 * there is skipped, so a batch tried again after a write that timed out but committed is written once. Text goes
 * through {@link PgText}, so no NUL character fails a batch.
 */
@ApplicationScoped
public class AuditLogRepository implements AuditTrail.Table<AuditLogEntry> {

    private static final String INSERT = """
            INSERT INTO orchestration.audit_logs (id, created_at, user_id, method, path, status, latency_ms,
                client_ip, request_id, body_sha256)
            SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::int[],
                $7::int[], $8::text[]::inet[], $9::text[], $10::text[])
            ON CONFLICT (id) DO NOTHING""";

    private final Pool pool;

    public AuditLogRepository(Pool pool) {
        this.pool = pool;
    }

    @Override
    public Uni<Void> insert(List<AuditLogEntry> rows) {
        return pool.preparedQuery(INSERT).execute(Tuple.tuple(List.of(
                column(rows, UUID[]::new, AuditLogEntry::id),
                column(rows, OffsetDateTime[]::new, row -> row.createdAt().atOffset(ZoneOffset.UTC)),
                text(rows, AuditLogEntry::userId),
                text(rows, AuditLogEntry::method),
                text(rows, AuditLogEntry::path),
                column(rows, Integer[]::new, AuditLogEntry::status),
                column(rows, Integer[]::new, AuditLogEntry::latencyMs),
                column(rows, String[]::new, AuditLogEntry::clientIp),
                text(rows, AuditLogEntry::requestId),
                column(rows, String[]::new, AuditLogEntry::bodySha256)))).replaceWithVoid();
    }

    /** Deletes up to {@code batchSize} of the records older than {@code keep}; answers how many it deleted. */
    @Override
    public Uni<Integer> deleteOlderThan(Duration keep, int batchSize) {
        return pool.preparedQuery("""
                        DELETE FROM orchestration.audit_logs WHERE id IN (
                            SELECT id FROM orchestration.audit_logs
                            WHERE created_at < now() - $1 * interval '1 millisecond' LIMIT $2)""")
                .execute(Tuple.of(keep.toMillis(), batchSize)).map(rows -> rows.rowCount());
    }

    private static <R, T> T[] column(List<R> rows, IntFunction<T[]> array, Function<R, T> value) {
        T[] values = array.apply(rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        return values;
    }

    /** A text column a caller can influence: PostgreSQL refuses NUL characters. */
    private static <R> String[] text(List<R> rows, Function<R, String> value) {
        return column(rows, String[]::new, row -> PgText.text(value.apply(row)));
    }
}
