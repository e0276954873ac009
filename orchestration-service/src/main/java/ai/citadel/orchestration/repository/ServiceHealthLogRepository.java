package ai.citadel.orchestration.repository;

import ai.citadel.commons.db.PgText;
import ai.citadel.model.status.DependencyStatus;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** The history of dependency checks, {@code orchestration.service_health_logs}: one row per dependency and check. */
@ApplicationScoped
public class ServiceHealthLogRepository {

    private static final int DELETE_BATCH = 10_000;

    private final Pool pool;

    ServiceHealthLogRepository(Pool pool) {
        this.pool = pool;
    }

    /** One round of checks, in one statement; the detail of a dependency that is down is its error. */
    public Uni<Void> insert(List<DependencyStatus> checks) {
        return pool.preparedQuery("""
                        INSERT INTO orchestration.service_health_logs (checked_at, service, status, latency_ms, detail)
                        SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::int[], $5::text[])""")
                .execute(Tuple.tuple(List.of(
                        checks.stream().map(check -> check.checkedAt().atOffset(ZoneOffset.UTC))
                                .toArray(OffsetDateTime[]::new),
                        checks.stream().map(DependencyStatus::name).toArray(String[]::new),
                        checks.stream().map(DependencyStatus::status).toArray(String[]::new),
                        checks.stream().map(check -> check.latencyMs() == null ? null
                                : (int) Math.min(Integer.MAX_VALUE, check.latencyMs())).toArray(Integer[]::new),
                        checks.stream().map(check -> check.up() ? null : PgText.text(check.lastError()))
                                .toArray(String[]::new))))
                .replaceWithVoid();
    }

    /** Deletes up to 10,000 of the checks older than {@code keep}. */
    public Uni<Integer> deleteOlderThan(Duration keep) {
        return pool.preparedQuery("""
                        DELETE FROM orchestration.service_health_logs WHERE id IN (
                            SELECT id FROM orchestration.service_health_logs
                            WHERE checked_at < now() - $1 * interval '1 millisecond' LIMIT $2)""")
                .execute(Tuple.of(keep.toMillis(), DELETE_BATCH)).map(rows -> rows.rowCount());
    }

    /** {@code SELECT 1}: the PostgreSQL dependency check. */
    public Uni<Void> ping() {
        return pool.query("SELECT 1").execute().replaceWithVoid();
    }
}
