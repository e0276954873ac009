package ai.citadel.gateway.client;

import ai.citadel.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Redis for conversation affinity, shared by every gateway replica: which backend served a conversation last. Guarded
 * like the caches: a slow or absent Redis costs a request at most {@code citadel.routing.affinity.redis-timeout} and
 * never an error (no affinity then), and after repeated failures Redis is not asked until it recovers.
 * <p>
 * A replica reads its own writes: until Redis has taken a write, reads of its keys get the written value from here.
 * An agent that sends its next turn the instant an answer arrives would otherwise race the write of that answer's
 * backend, and lose its conversation's prompt cache when its read reaches Redis first.
 */
@ApplicationScoped
public class AffinityStore {

    private final ReactiveValueCommands<String, String> values;
    private final TypedGuard<Uni<Optional<String>>> reads;
    private final TypedGuard<Uni<Boolean>> writes;
    /** Writes on their way to Redis, by key; each leaves when its write ends, however it ends. */
    private final Map<String, String> pending = new ConcurrentHashMap<>();

    public AffinityStore(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.values = redis.value(String.class);
        GatewayConfig.Affinity settings = config.routing().affinity();
        this.reads = Guards.timeoutAndBreaker(new TypeLiteral<Uni<Optional<String>>>() {
        }, AffinityStore.class.getName() + ".get", settings.redisTimeout(), settings.circuitBreaker(), List.of());
        this.writes = Guards.timeoutAndBreaker(new TypeLiteral<Uni<Boolean>>() {
        }, AffinityStore.class.getName() + ".put", settings.redisTimeout(), settings.circuitBreaker(), List.of());
    }

    /**
     * The value of the first of {@code keys} that has one, in one round trip; empty when none has or Redis fails. A
     * key this replica is writing has the value being written, the latest there is.
     */
    public Uni<Optional<String>> first(List<String> keys) {
        for (String key : keys) {
            String writing = pending.get(key);
            if (writing != null) {
                return Uni.createFrom().item(Optional.of(writing));
            }
        }
        return reads.get(() -> values.mget(keys.toArray(String[]::new))
                        .map(found -> firstPresent(keys, found)))
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Conversation affinity unavailable: %s", failure.toString());
                    return Optional.empty();
                });
    }

    /** Sets every key to {@code value} for {@code ttl}; a failure only means no affinity next time. */
    public Uni<Boolean> put(List<String> keys, String value, Duration ttl) {
        return Uni.createFrom().deferred(() -> {
                    keys.forEach(key -> pending.put(key, value));
                    return writes.get(() -> Uni.join().all(keys.stream()
                                    .map(key -> values.set(key, value, new SetArgs().ex(ttl)))
                                    .toList())
                            .andFailFast().replaceWith(true));
                })
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Conversation affinity not stored: %s", failure.toString());
                    return false;
                })
                .eventually(() -> keys.forEach(key -> pending.remove(key, value)));
    }

    private static Optional<String> firstPresent(List<String> keys, Map<String, String> found) {
        return keys.stream().map(found::get).filter(Objects::nonNull).findFirst();
    }
}
