package ai.citadel.gateway.client;

import ai.citadel.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

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
    private final TypedGuard<Uni<List<byte[]>>> reads;
    private final TypedGuard<Uni<Boolean>> writes;

    public EmbeddingCacheStore(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.values = redis.value(byte[].class);
        GatewayConfig.CacheRedis settings = config.cache().redis();
        this.reads = Guards.timeoutAndBreaker(new TypeLiteral<Uni<List<byte[]>>>() {
        }, EmbeddingCacheStore.class.getName() + ".getAll", settings.readTimeout(), settings.circuitBreaker(),
                List.of());
        this.writes = Guards.timeoutAndBreaker(new TypeLiteral<Uni<Boolean>>() {
        }, EmbeddingCacheStore.class.getName() + ".putAll", settings.embeddingsWriteTimeout(),
                settings.circuitBreaker(), List.of());
    }

    /** @return the values of the keys in order, null where a key is not cached */
    public Uni<List<byte[]>> getAll(List<String> keys) {
        return reads.get(() -> values.mget(keys.toArray(String[]::new)).map(found -> {
                    List<byte[]> inOrder = new ArrayList<>(keys.size());
                    keys.forEach(key -> inOrder.add(found.get(key)));
                    return inOrder;
                }))
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Embedding cache unavailable, computing every input: %s", failure.toString());
                    List<byte[]> none = new ArrayList<>(keys.size());
                    keys.forEach(key -> none.add(null));
                    return none;
                });
    }

    /** @return whether the values were stored */
    public Uni<Boolean> putAll(Map<String, byte[]> entries, Duration ttl) {
        // one round trip and one connection however many vectors (MSET has no expiry)
        return writes.get(() -> redis.withTransaction(tx -> {
                    var txValues = tx.value(byte[].class);
                    return Uni.join().all(entries.entrySet().stream()
                            .map(entry -> txValues.setex(entry.getKey(), ttl.toSeconds(), entry.getValue()))
                            .toList()).andFailFast().replaceWithVoid();
                }).map(result -> !result.discarded()))
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Embeddings not cached: %s", failure.toString());
                    return false;
                });
    }
}
