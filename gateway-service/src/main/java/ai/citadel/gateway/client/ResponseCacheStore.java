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
import java.util.Optional;

/**
 * Redis for the response cache, guarded so that a slow or absent Redis costs a request at most a short timeout and
 * never an error: a failed read is a miss, a failed write is skipped, and after repeated failures the circuit
 * opens and Redis is not even asked until it recovers ({@code citadel.cache.redis.*}).
 */
@ApplicationScoped
public class ResponseCacheStore {

    private final ReactiveValueCommands<String, String> values;
    private final TypedGuard<Uni<Optional<String>>> reads;
    private final TypedGuard<Uni<Boolean>> writes;

    public ResponseCacheStore(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.values = redis.value(String.class);
        GatewayConfig.CacheRedis settings = config.cache().redis();
        this.reads = Guards.timeoutAndBreaker(new TypeLiteral<Uni<Optional<String>>>() {
        }, ResponseCacheStore.class.getName() + ".get", settings.readTimeout(), settings.circuitBreaker(), List.of());
        this.writes = Guards.timeoutAndBreaker(new TypeLiteral<Uni<Boolean>>() {
        }, ResponseCacheStore.class.getName() + ".put", settings.responsesWriteTimeout(), settings.circuitBreaker(),
                List.of());
    }

    public Uni<Optional<String>> get(String key) {
        return reads.get(() -> values.get(key).map(Optional::ofNullable))
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Response cache unavailable, serving uncached: %s", failure.toString());
                    return Optional.empty();
                });
    }

    /** @return whether the value was stored */
    public Uni<Boolean> put(String key, String value, Duration ttl) {
        return writes.get(() -> values.set(key, value, new SetArgs().ex(ttl)).replaceWith(true))
                .onFailure().recoverWithItem(failure -> {
                    Log.debugf("Response not cached: %s", failure.toString());
                    return false;
                });
    }
}
