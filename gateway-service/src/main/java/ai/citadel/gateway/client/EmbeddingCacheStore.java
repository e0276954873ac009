package ai.citadel.gateway.client;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Redis for the embedding cache: binary values (float32 bytes), read with one MGET, written in one MULTI/EXEC.
 * Guarded as {@link ResponseCacheStore} is: a slow or absent Redis costs at most a short timeout, a failed read is
 * a miss for every key, a failed write is skipped, and repeated failures open the circuit.
 */
@ApplicationScoped
public class EmbeddingCacheStore {

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, byte[]> values;

    public EmbeddingCacheStore(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.values = redis.value(byte[].class);
    }

    /** @return the values of the keys in order, null where a key is not cached */
    @Timeout(150)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    @Fallback(fallbackMethod = "unavailable")
    public Uni<List<byte[]>> getAll(List<String> keys) {
        return values.mget(keys.toArray(String[]::new)).map(found -> {
            List<byte[]> inOrder = new ArrayList<>(keys.size());
            keys.forEach(key -> inOrder.add(found.get(key)));
            return inOrder;
        });
    }

    /** @return whether the values were stored */
    @Timeout(500)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    @Fallback(fallbackMethod = "notStored")
    public Uni<Boolean> putAll(Map<String, byte[]> entries, Duration ttl) {
        // one round trip and one connection however many vectors (MSET has no expiry)
        return redis.withTransaction(tx -> {
            var txValues = tx.value(byte[].class);
            return Uni.join().all(entries.entrySet().stream()
                    .map(entry -> txValues.setex(entry.getKey(), ttl.toSeconds(), entry.getValue()))
                    .toList()).andFailFast().replaceWithVoid();
        }).map(result -> !result.discarded());
    }

    Uni<List<byte[]>> unavailable(List<String> keys, Throwable failure) {
        Log.debugf("Embedding cache unavailable, computing every input: %s", failure.toString());
        List<byte[]> none = new ArrayList<>(keys.size());
        keys.forEach(key -> none.add(null));
        return Uni.createFrom().item(none);
    }

    Uni<Boolean> notStored(Map<String, byte[]> entries, Duration ttl, Throwable failure) {
        Log.debugf("Embeddings not cached: %s", failure.toString());
        return Uni.createFrom().item(false);
    }
}
