package ai.citadel.embedding.repository;

import ai.citadel.commons.db.DatabaseCalls;
import ai.citadel.embedding.vector.VectorPoint;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code embedding.vectors} and its trigger-fed change feed {@code embedding.vector_changes}. */
@ApplicationScoped
public class VectorRepository {

    /** One entry of the change feed: reload ({@code upsert}) or drop ({@code delete}) a point. */
    public record Change(long seq, String collection, String id, boolean deleted) {
    }

    /**
     * Changes after {@code $1} whose transactions are older than every running one: a lower seq may commit after a
     * higher one, and passing it would lose it (see the table comment in V1).
     */
    private static final String CHANGES = """
            SELECT seq, collection, id, op FROM embedding.vector_changes
             WHERE seq > $1 AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
             ORDER BY seq LIMIT $2""";

    private final Pool pool;
    private final DatabaseCalls database;

    public VectorRepository(Pool pool, DatabaseCalls database) {
        this.pool = pool;
        this.database = database;
    }

    public Uni<Void> upsert(String collection, VectorPoint point) {
        return database.bounded(pool.preparedQuery("""
                        INSERT INTO embedding.vectors (collection, id, vector, text, metadata) VALUES ($1, $2, $3, $4, $5)
                        ON CONFLICT (collection, id) DO UPDATE
                           SET vector = EXCLUDED.vector, text = EXCLUDED.text, metadata = EXCLUDED.metadata,
                               updated_at = now()""")
                .execute(Tuple.tuple(List.of(collection, point.id(), boxed(point.vector()))).addValue(point.text())
                        .addValue(new JsonObject(point.metadata()))))
                .replaceWithVoid();
    }

    public Uni<Optional<VectorPoint>> find(String collection, String id) {
        return database.bounded(pool.preparedQuery(
                        "SELECT id, vector, text, metadata FROM embedding.vectors WHERE collection = $1 AND id = $2")
                        .execute(Tuple.of(collection, id)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toPoint(rows.iterator().next())));
    }

    public Uni<Boolean> delete(String collection, String id) {
        return database.bounded(pool.preparedQuery("DELETE FROM embedding.vectors WHERE collection = $1 AND id = $2")
                        .execute(Tuple.of(collection, id)))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Every point of the collection, streamed. */
    public Multi<VectorPoint> all(String collection) {
        return database.bounded(pool.preparedQuery(
                        "SELECT id, vector, text, metadata FROM embedding.vectors WHERE collection = $1")
                        .execute(Tuple.of(collection)))
                .onItem().transformToMulti(rows -> Multi.createFrom().iterable(rows))
                .map(VectorRepository::toPoint);
    }

    /** The seq below which the change feed is settled; where a new reader starts. */
    public Uni<Long> settledSeq() {
        return database.bounded(pool.query("""
                        SELECT coalesce(max(seq), 0) AS seq FROM embedding.vector_changes
                         WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())""")
                .execute()).map(rows -> rows.iterator().next().getLong("seq"));
    }

    public Uni<List<Change>> changesAfter(long seq, int limit) {
        return database.bounded(pool.preparedQuery(CHANGES).execute(Tuple.of(seq, limit))).map(rows -> {
            List<Change> changes = new ArrayList<>();
            rows.forEach(row -> changes.add(new Change(row.getLong("seq"), row.getString("collection"),
                    row.getString("id"), "delete".equals(row.getString("op")))));
            return changes;
        });
    }

    /** The oldest change still in the feed, 0 when it is empty. */
    public Uni<Long> oldestSeq() {
        return database.bounded(pool.query("SELECT coalesce(min(seq), 0) AS seq FROM embedding.vector_changes")
                        .execute())
                .map(rows -> rows.iterator().next().getLong("seq"));
    }

    /** Drops changes older than {@code retention}; a replica that had not read them reloads (see the V1 comment). */
    public Uni<Integer> pruneChanges(Duration retention) {
        return database.bounded(pool.preparedQuery(
                        "DELETE FROM embedding.vector_changes WHERE changed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) retention.toSeconds()))).map(rows -> rows.rowCount());
    }

    private static VectorPoint toPoint(Row row) {
        Float[] values = row.getArrayOfFloats("vector");
        float[] vector = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            vector[i] = values[i];
        }
        JsonObject metadata = row.getJsonObject("metadata");
        return new VectorPoint(row.getString("id"), vector, row.getString("text"), metadata.getMap());
    }

    private static Float[] boxed(float[] vector) {
        Float[] values = new Float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            values[i] = vector[i];
        }
        return values;
    }
}
