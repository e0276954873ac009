package ai.citadel.embedding.repository;

import ai.citadel.commons.db.DatabaseCalls;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code embedding.qdrant_outbox}: every write to Qdrant is queued here first and delivered strictly in order by
 * one replica at a time (advisory lock), so a write is never lost while Qdrant is down and never overtakes an
 * earlier one.
 */
@ApplicationScoped
public class QdrantOutboxRepository {

    /** A queued write: {@code payload} is the Qdrant request body. */
    public record Entry(long seq, String collection, String op, JsonObject payload) {
    }

    private static final int BATCH = 100;
    /** Only rows of transactions older than every running one: a lower seq may still commit after a higher one. */
    private static final String HEAD = """
            SELECT seq, collection, op, payload FROM embedding.qdrant_outbox
             WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot())
             ORDER BY seq LIMIT $1""";

    private final Pool pool;
    private final DatabaseCalls database;

    public QdrantOutboxRepository(Pool pool, DatabaseCalls database) {
        this.pool = pool;
        this.database = database;
    }

    /** Queues writes in one transaction, in order; answers the last seq. */
    public Uni<Long> enqueue(List<Entry> entries) {
        return database.bounded(pool.withTransaction(connection -> Multi.createFrom().iterable(entries)
                .onItem().transformToUniAndConcatenate(entry -> connection.preparedQuery(
                                "INSERT INTO embedding.qdrant_outbox (collection, op, payload) VALUES ($1, $2, $3) RETURNING seq")
                        .execute(Tuple.of(entry.collection(), entry.op(), entry.payload()))
                        .map(rows -> rows.iterator().next().getLong("seq")))
                .collect().last()));
    }

    public Uni<Boolean> isQueued(long seq) {
        return database.bounded(pool.preparedQuery("SELECT 1 FROM embedding.qdrant_outbox WHERE seq = $1")
                .execute(Tuple.of(seq))).map(rows -> rows.size() > 0);
    }

    public Uni<Boolean> hasQueued(String collection) {
        return database.bounded(pool.preparedQuery(
                        "SELECT 1 FROM embedding.qdrant_outbox WHERE collection = $1 LIMIT 1")
                .execute(Tuple.of(collection))).map(rows -> rows.size() > 0);
    }

    /**
     * Delivers queued writes in order with {@code deliver} until the queue is empty or a delivery fails; a failed
     * row records the attempt and stays at the head. One deliverer at a time across replicas (advisory lock).
     *
     * @param waitForLock wait for another deliverer to finish (a writer that wants its own row delivered), or give
     *                    up at once (the periodic replay)
     *                    <p>
     *                    Not bounded by the database timeout: waiting for the lock is waiting for another delivery,
     *                    whose Qdrant calls are each bounded by Qdrant's timeout.
     */
    public Uni<Void> deliver(Function<Entry, Uni<Void>> deliver, boolean waitForLock) {
        String lock = waitForLock
                ? "SELECT pg_advisory_xact_lock(hashtext('embedding.qdrant_outbox')) IS NOT NULL AS locked"
                : "SELECT pg_try_advisory_xact_lock(hashtext('embedding.qdrant_outbox')) AS locked";
        return pool.withTransaction(connection -> connection.query(lock).execute()
                .chain(locked -> locked.iterator().next().getBoolean("locked")
                        ? deliverHead(connection, deliver)
                        : Uni.createFrom().voidItem()));
    }

    private Uni<Void> deliverHead(SqlConnection connection, Function<Entry, Uni<Void>> deliver) {
        return connection.preparedQuery(HEAD).execute(Tuple.of(BATCH)).chain(rows -> {
            List<Entry> entries = new ArrayList<>();
            rows.forEach(row -> entries.add(new Entry(row.getLong("seq"), row.getString("collection"),
                    row.getString("op"), row.getJsonObject("payload"))));
            return deliverInOrder(connection, entries, 0, deliver);
        });
    }

    private Uni<Void> deliverInOrder(SqlConnection connection, List<Entry> entries, int index,
            Function<Entry, Uni<Void>> deliver) {
        if (index == entries.size()) {
            return entries.size() == BATCH ? deliverHead(connection, deliver) : Uni.createFrom().voidItem();
        }
        Entry entry = entries.get(index);
        return deliver.apply(entry)
                .chain(() -> connection.preparedQuery("DELETE FROM embedding.qdrant_outbox WHERE seq = $1")
                        .execute(Tuple.of(entry.seq())))
                .chain(() -> deliverInOrder(connection, entries, index + 1, deliver))
                .onFailure().recoverWithUni(failure -> connection.preparedQuery("""
                                UPDATE embedding.qdrant_outbox
                                   SET attempts = attempts + 1, last_attempt_at = now(), last_error = $2
                                 WHERE seq = $1""")
                        .execute(Tuple.of(entry.seq(), String.valueOf(failure.getMessage())))
                        .replaceWithVoid());
    }
}
