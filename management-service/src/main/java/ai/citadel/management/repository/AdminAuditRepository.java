package ai.citadel.management.repository;

import ai.citadel.commons.audit.AuditTrail;
import ai.citadel.commons.db.DatabaseCalls;
import ai.citadel.commons.db.PgText;
import ai.citadel.commons.rest.PageCursor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static ai.citadel.commons.db.PgColumns.column;
import static ai.citadel.commons.db.PgColumns.text;

/**
 * {@code management.admin_audit}: batches written in one multi-row insert ({@code unnest} of bound arrays; a row
 * whose id is already there is skipped, so a batch tried again is written once), pages read newest first, expired
 * rows deleted. Text a caller can influence goes through {@link PgText}.
 */
@ApplicationScoped
public class AdminAuditRepository implements AuditTrail.Table<AdminAuditEntry> {

    private static final String INSERT = """
            INSERT INTO management.admin_audit (id, created_at, user_id, roles, action, host, target, method, path,
                status, outcome, duration_ms, detail, client_ip, request_id)
            SELECT r.id, r.created_at, r.user_id, ARRAY(SELECT jsonb_array_elements_text(r.roles)), r.action, r.host,
                r.target, r.method, r.path, r.status, r.outcome, r.duration_ms, r.detail, r.client_ip, r.request_id
            FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[]::jsonb[], $5::text[], $6::text[],
                $7::text[], $8::text[], $9::text[], $10::int[], $11::text[], $12::int[], $13::text[]::jsonb[],
                $14::text[]::inet[], $15::text[])
                AS r(id, created_at, user_id, roles, action, host, target, method, path, status, outcome, duration_ms,
                     detail, client_ip, request_id)
            ON CONFLICT (id) DO NOTHING""";

    private static final String COLUMNS = """
            id, created_at, user_id, roles, action, host, target, method, path, status, outcome, duration_ms,
            detail::text AS detail, host(client_ip) AS client_ip, request_id""";

    public record Page(List<AdminAuditEntry> entries, Optional<PageCursor> next) {
    }

    private final Pool pool;
    private final DatabaseCalls calls;
    private final ObjectMapper json;

    public AdminAuditRepository(Pool pool, DatabaseCalls calls, ObjectMapper json) {
        this.pool = pool;
        this.calls = calls;
        this.json = json;
    }

    @Override
    public Uni<Void> insert(List<AdminAuditEntry> rows) {
        return pool.preparedQuery(INSERT).execute(Tuple.tuple(List.of(
                column(rows, UUID[]::new, AdminAuditEntry::id),
                column(rows, OffsetDateTime[]::new, row -> row.createdAt().atOffset(ZoneOffset.UTC)),
                text(rows, AdminAuditEntry::userId),
                column(rows, String[]::new, row -> roles(row.roles())),
                text(rows, AdminAuditEntry::action),
                text(rows, AdminAuditEntry::host),
                text(rows, AdminAuditEntry::target),
                text(rows, AdminAuditEntry::method),
                text(rows, AdminAuditEntry::path),
                column(rows, Integer[]::new, AdminAuditEntry::status),
                column(rows, String[]::new, AdminAuditEntry::outcome),
                column(rows, Integer[]::new, AdminAuditEntry::durationMs),
                column(rows, String[]::new, row -> PgText.json(row.detailJson())),
                column(rows, String[]::new, AdminAuditEntry::clientIp),
                text(rows, AdminAuditEntry::requestId)))).replaceWithVoid();
    }

    /** Up to {@code limit} rows older than {@code after} (from the newest when null), newest first. */
    public Uni<Page> page(PageCursor after, int limit) {
        String sql = after == null
                ? "SELECT " + COLUMNS + " FROM management.admin_audit ORDER BY created_at DESC, id DESC LIMIT $1"
                : "SELECT " + COLUMNS + " FROM management.admin_audit WHERE (created_at, id) < ($2, $3)"
                        + " ORDER BY created_at DESC, id DESC LIMIT $1";
        Tuple parameters = after == null ? Tuple.of(limit + 1)
                : Tuple.of(limit + 1, after.createdAt().atOffset(ZoneOffset.UTC), after.id());
        return calls.bounded(pool.preparedQuery(sql).execute(parameters)).map(rows -> {
            List<AdminAuditEntry> entries = new ArrayList<>();
            rows.forEach(row -> entries.add(entry(row)));
            boolean more = entries.size() > limit;
            List<AdminAuditEntry> page = more ? entries.subList(0, limit) : entries;
            Optional<PageCursor> next = more
                    ? Optional.of(new PageCursor(page.getLast().createdAt(), page.getLast().id())) : Optional.empty();
            return new Page(List.copyOf(page), next);
        });
    }

    /** Deletes up to {@code batchSize} of the records older than {@code keep}; answers how many it deleted. */
    @Override
    public Uni<Integer> deleteOlderThan(Duration keep, int batchSize) {
        return pool.preparedQuery("""
                        DELETE FROM management.admin_audit WHERE id IN (
                            SELECT id FROM management.admin_audit
                            WHERE created_at < now() - $1 * interval '1 millisecond' LIMIT $2)""")
                .execute(Tuple.of(keep.toMillis(), batchSize)).map(rows -> rows.rowCount());
    }

    private static AdminAuditEntry entry(Row row) {
        String[] roles = row.getArrayOfStrings("roles");
        Integer duration = row.getInteger("duration_ms");
        return new AdminAuditEntry(row.getUUID("id"), row.getOffsetDateTime("created_at").toInstant(),
                row.getString("user_id"), roles == null ? List.of() : Arrays.asList(roles), row.getString("action"),
                row.getString("host"), row.getString("target"), row.getString("method"), row.getString("path"),
                row.getInteger("status"), row.getString("outcome"), duration == null ? 0 : duration,
                row.getString("detail"), row.getString("client_ip"), row.getString("request_id"));
    }

    private String roles(List<String> roles) {
        try {
            return PgText.json(json.writeValueAsString(roles));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("roles are not serializable", e);
        }
    }
}
