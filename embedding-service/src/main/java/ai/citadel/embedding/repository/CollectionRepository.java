package ai.citadel.embedding.repository;

import ai.citadel.commons.db.DatabaseCalls;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** {@code embedding.collections}: each collection's model and dimension, whichever store holds its vectors. */
@ApplicationScoped
public class CollectionRepository {

    /** A collection: every vector in it has {@code dimensions} values and comes from {@code model}. */
    public record CollectionInfo(String name, String model, int dimensions) {
    }

    private final Pool pool;
    private final DatabaseCalls database;

    public CollectionRepository(Pool pool, DatabaseCalls database) {
        this.pool = pool;
        this.database = database;
    }

    public Uni<Optional<CollectionInfo>> find(String name) {
        return database.bounded(pool.preparedQuery(
                        "SELECT name, model, dimensions FROM embedding.collections WHERE name = $1")
                        .execute(Tuple.of(name)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toInfo(rows.iterator().next())));
    }

    /** Creates the collection unless it exists; either way answers the collection as stored (first writer wins). */
    public Uni<CollectionInfo> createIfAbsent(String name, String model, int dimensions) {
        return database.bounded(pool.preparedQuery("""
                                INSERT INTO embedding.collections (name, model, dimensions) VALUES ($1, $2, $3)
                                ON CONFLICT (name) DO NOTHING""")
                        .execute(Tuple.of(name, model, dimensions)))
                .chain(() -> find(name))
                .map(Optional::orElseThrow);
    }

    private static CollectionInfo toInfo(Row row) {
        return new CollectionInfo(row.getString("name"), row.getString("model"), row.getInteger("dimensions"));
    }
}
