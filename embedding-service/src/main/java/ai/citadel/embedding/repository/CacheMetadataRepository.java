package ai.citadel.embedding.repository;

import ai.citadel.commons.db.DatabaseCalls;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;

/** {@code embedding.embedding_cache}: what the Redis cache holds, how often and when last used. */
@ApplicationScoped
public class CacheMetadataRepository {

    /** One text's accesses since the last flush. */
    public record Access(String model, String textHash, int textLength, int dimensions, long count) {
    }

    private static final String UPSERT = """
            INSERT INTO embedding.embedding_cache (model, text_hash, text_length, dimensions, access_count, last_access_at)
            SELECT model, text_hash, text_length, dimensions, access_count, now()
              FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[])
                   AS access (model, text_hash, text_length, dimensions, access_count)
            ON CONFLICT (model, text_hash) DO UPDATE
               SET access_count = embedding.embedding_cache.access_count + EXCLUDED.access_count,
                   last_access_at = greatest(embedding.embedding_cache.last_access_at, EXCLUDED.last_access_at),
                   dimensions = EXCLUDED.dimensions
            """;

    private final Pool pool;
    private final DatabaseCalls database;

    public CacheMetadataRepository(Pool pool, DatabaseCalls database) {
        this.pool = pool;
        this.database = database;
    }

    /** Upserts all accesses in one statement. */
    public Uni<Void> record(Collection<Access> accesses) {
        Tuple arrays = Tuple.of(
                accesses.stream().map(Access::model).toArray(String[]::new),
                accesses.stream().map(Access::textHash).toArray(String[]::new),
                accesses.stream().map(Access::textLength).toArray(Integer[]::new),
                accesses.stream().map(Access::dimensions).toArray(Integer[]::new),
                accesses.stream().map(Access::count).toArray(Long[]::new));
        return database.bounded(pool.preparedQuery(UPSERT).execute(arrays)).replaceWithVoid();
    }
}
