package ai.citadel.embedding.vector;

import ai.citadel.embedding.repository.VectorRepository;
import ai.citadel.embedding.repository.VectorRepository.Change;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The PostgreSQL adapter: points persisted in {@code embedding.vectors}, exact cosine search over an in-memory copy
 * of each collection (loaded on first use). Own writes update the copy at once (read-your-writes); other replicas'
 * writes arrive through the change feed, polled every {@code pollInterval}.
 */
public class PostgresVectorStore implements VectorStore, AutoCloseable {

    private static final int CHANGES_PER_POLL = 1000;

    private final VectorRepository repository;
    private final Vertx vertx;
    private final Map<String, Uni<CollectionIndex>> indexes = new ConcurrentHashMap<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private volatile long lastSeq;
    private final long timer;
    private final long pruneTimer;

    /**
     * @param changeRetention how long the change feed keeps a change; a replica that fell further behind reloads
     *                        its collections
     */
    public PostgresVectorStore(VectorRepository repository, Vertx vertx, Duration pollInterval,
            Duration changeRetention) {
        this.repository = repository;
        this.vertx = vertx;
        // bounded by citadel.database.call-timeout, like every repository call
        this.lastSeq = repository.settledSeq().await().indefinitely();
        this.timer = vertx.setPeriodic(pollInterval.toMillis(), ignored -> poll());
        // Every replica prunes (an idempotent DELETE), so the feed stays bounded whichever replicas run
        this.pruneTimer = vertx.setPeriodic(Math.max(1000, changeRetention.toMillis() / 10), ignored -> repository
                .pruneChanges(changeRetention).subscribe().with(pruned -> Log.debugf("pruned %d vector changes", pruned),
                        failure -> Log.warnf("vector change feed not pruned: %s", failure)));
    }

    @Override
    public Uni<WriteOutcome> upsert(String collection, int dimensions, VectorPoint point) {
        return repository.upsert(collection, point)
                .call(() -> index(collection).invoke(index -> index.put(point)))
                .replaceWith(WriteOutcome.APPLIED);
    }

    @Override
    public Uni<Optional<VectorPoint>> find(String collection, String id) {
        return repository.find(collection, id);
    }

    @Override
    public Uni<Boolean> delete(String collection, String id) {
        return repository.delete(collection, id)
                .call(() -> index(collection).invoke(index -> index.remove(id)));
    }

    /** The scan reads every vector of the collection: on a worker thread, never on the event loop. */
    @Override
    public Uni<List<VectorMatch>> search(String collection, float[] query, int limit, Map<String, Object> filter) {
        return index(collection).emitOn(Infrastructure.getDefaultWorkerPool())
                .map(index -> index.search(query, limit, filter));
    }

    /** The collection's copy, loaded once; concurrent first users share the load. */
    private Uni<CollectionIndex> index(String collection) {
        return indexes.computeIfAbsent(collection, name -> load(name)
                .onFailure().invoke(failure -> indexes.remove(name))
                .memoize().indefinitely());
    }

    private Uni<CollectionIndex> load(String collection) {
        CollectionIndex index = new CollectionIndex();
        // normalising every vector is CPU work too
        return repository.all(collection).emitOn(Infrastructure.getDefaultWorkerPool()).invoke(index::put)
                .collect().last()
                .map(ignored -> {
                    Log.debugf("collection %s loaded: %d vectors", collection, index.size());
                    return index;
                });
    }

    private void poll() {
        if (!polling.compareAndSet(false, true)) {
            return;
        }
        repository.oldestSeq()
                .invoke(this::reloadIfChangesWereMissed)
                .chain(() -> repository.changesAfter(lastSeq, CHANGES_PER_POLL))
                .chain(changes -> Multi.createFrom().iterable(changes)
                        .onItem().transformToUniAndConcatenate(change -> apply(change).replaceWith(change.seq()))
                        .invoke(seq -> lastSeq = seq)
                        .collect().last())
                .onTermination().invoke(() -> polling.set(false))
                .subscribe().with(ignored -> { }, failure -> Log.warnf("vector change feed not read: %s", failure));
    }

    /** Changes after {@code lastSeq} were pruned before this replica read them: its copies may be stale. */
    private void reloadIfChangesWereMissed(long oldestSeq) {
        if (oldestSeq > lastSeq + 1 && !indexes.isEmpty()) {
            Log.warnf("vector change feed pruned past this replica (at %d, oldest %d): reloading collections",
                    lastSeq, oldestSeq);
            indexes.clear();
        }
    }

    /** Changes to collections not in memory are skipped: they are read whole when first used. */
    private Uni<Void> apply(Change change) {
        Uni<CollectionIndex> loaded = indexes.get(change.collection());
        if (loaded == null) {
            return Uni.createFrom().voidItem();
        }
        if (change.deleted()) {
            return loaded.invoke(index -> index.remove(change.id())).replaceWithVoid();
        }
        return repository.find(change.collection(), change.id()).chain(point -> loaded.invoke(index ->
                point.ifPresentOrElse(index::put, () -> index.remove(change.id())))).replaceWithVoid();
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
        vertx.cancelTimer(pruneTimer);
    }
}
