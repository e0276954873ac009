package ai.citadel.embedding.service;

import ai.citadel.embedding.config.EmbeddingConfig;
import ai.citadel.embedding.repository.CacheMetadataRepository;
import ai.citadel.embedding.repository.CacheMetadataRepository.Access;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps {@code embedding.embedding_cache} current off the request path: accesses are counted in memory and
 * written in one statement per interval. Bounded: past the buffer size new texts' accesses are dropped (the
 * metadata is for reporting and eviction, never needed to serve a request).
 */
@Startup
@ApplicationScoped
public class CacheMetadataRecorder {

    private record Key(String model, String textHash) {
    }

    private final CacheMetadataRepository repository;
    private final int bufferSize;
    private final AtomicReference<Map<Key, Access>> pending = new AtomicReference<>(new ConcurrentHashMap<>());
    private final Vertx vertx;
    private final long timer;

    public CacheMetadataRecorder(CacheMetadataRepository repository, EmbeddingConfig config, Vertx vertx) {
        this.repository = repository;
        this.bufferSize = config.cache().metadataBufferSize();
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(config.cache().metadataFlushInterval().toMillis(), ignored -> flush());
    }

    public void record(String model, List<String> textHashes, List<String> texts, int dimensions) {
        Map<Key, Access> accesses = pending.get();
        for (int i = 0; i < textHashes.size(); i++) {
            Key key = new Key(model, textHashes.get(i));
            if (accesses.size() >= bufferSize && !accesses.containsKey(key)) {
                continue;
            }
            int length = texts.get(i).length();
            accesses.merge(key, new Access(model, key.textHash(), length, dimensions, 1),
                    (old, added) -> new Access(model, key.textHash(), length, dimensions, old.count() + 1));
        }
    }

    private void flush() {
        Map<Key, Access> batch = pending.getAndSet(new ConcurrentHashMap<>());
        if (batch.isEmpty()) {
            return;
        }
        repository.record(batch.values()).subscribe().with(
                ignored -> { },
                failure -> Log.warnf("embedding cache metadata of %d texts not written: %s", batch.size(), failure));
    }

    @PreDestroy
    void stop() {
        vertx.cancelTimer(timer);
        flush();
    }
}
