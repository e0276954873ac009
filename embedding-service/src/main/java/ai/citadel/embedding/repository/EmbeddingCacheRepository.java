package ai.citadel.embedding.repository;

import ai.citadel.commons.cache.EmbeddingCacheKeys;
import ai.citadel.commons.cache.Float32Vectors;
import ai.citadel.embedding.config.EmbeddingConfig;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embeddings in Redis, in the layout the gateway shares ({@link EmbeddingCacheKeys}: key
 * {@code citadel:embeddings:<model>:<sha256 of the text>}, value float32 little-endian bytes), with a TTL. Lookups
 * are one MGET, writes one pipeline. Redis failing or slow is a miss, never an error: the caller computes instead.
 */
@ApplicationScoped
public class EmbeddingCacheRepository {

    private final Redis redis;
    private final String prefix;
    private final String ttlSeconds;
    private final Duration timeout;

    public EmbeddingCacheRepository(Redis redis, EmbeddingConfig config) {
        this.redis = redis;
        this.prefix = config.cache().keyPrefix();
        this.ttlSeconds = Long.toString(config.cache().ttl().toSeconds());
        this.timeout = config.cache().timeout();
    }

    /** The cached vector per text hash, {@code null} where there is none. */
    public Uni<List<float[]>> get(String model, List<String> textHashes) {
        Request mget = Request.cmd(Command.MGET);
        textHashes.forEach(hash -> mget.arg(key(model, hash)));
        return redis.send(mget)
                .ifNoItem().after(timeout).fail()
                .map(response -> {
                    List<float[]> vectors = new ArrayList<>(textHashes.size());
                    for (Response value : response) {
                        vectors.add(value == null ? null : Float32Vectors.fromBytes(value.toBytes()));
                    }
                    return vectors;
                })
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("embedding cache read failed, computing instead: %s", failure.toString());
                    return Arrays.asList(new float[textHashes.size()][]);
                });
    }

    /** Stores vectors by text hash; fire and forget. */
    public void put(String model, List<String> textHashes, List<float[]> vectors) {
        List<Request> sets = new ArrayList<>(textHashes.size());
        for (int i = 0; i < textHashes.size(); i++) {
            sets.add(Request.cmd(Command.SET).arg(key(model, textHashes.get(i))).arg(Float32Vectors.toBytes(vectors.get(i)))
                    .arg("EX").arg(ttlSeconds));
        }
        redis.batch(sets).ifNoItem().after(timeout).fail().subscribe().with(
                ignored -> { },
                failure -> Log.debugf("embedding cache write failed: %s", failure.toString()));
    }

    private String key(String model, String textHash) {
        return EmbeddingCacheKeys.key(prefix, model, textHash);
    }
}
