package ai.citadel.embedding.vector;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where vectors live: PostgreSQL (default) or Qdrant. Collections and their dimensions are checked by the caller
 * ({@code embedding.collections}) before any call here.
 */
public interface VectorStore {

    Uni<WriteOutcome> upsert(String collection, int dimensions, VectorPoint point);

    Uni<Optional<VectorPoint>> find(String collection, String id);

    /** @return {@code false} when the store knows the point did not exist */
    Uni<Boolean> delete(String collection, String id);

    /**
     * The {@code limit} points nearest to {@code query} by cosine similarity, best first.
     *
     * @param filter metadata key → value every hit must have
     */
    Uni<List<VectorMatch>> search(String collection, float[] query, int limit, Map<String, Object> filter);
}
