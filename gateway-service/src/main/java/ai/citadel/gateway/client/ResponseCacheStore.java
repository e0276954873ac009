package ai.citadel.gateway.client;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

import java.time.Duration;
import java.util.Optional;

/**
 * Redis for the response cache, guarded so that a slow or absent Redis costs a request at most a short timeout and
 * never an error: a failed read is a miss, a failed write is skipped, and after repeated failures the circuit
 * opens and Redis is not even asked until it recovers.
 */
@ApplicationScoped
public class ResponseCacheStore {

    private final ReactiveValueCommands<String, String> values;

    public ResponseCacheStore(ReactiveRedisDataSource redis) {
        this.values = redis.value(String.class);
    }

    @Timeout(150)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    @Fallback(fallbackMethod = "unavailable")
    public Uni<Optional<String>> get(String key) {
        return values.get(key).map(Optional::ofNullable);
    }

    @Timeout(150)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    @Fallback(fallbackMethod = "notStored")
    /** @return whether the value was stored */
    public Uni<Boolean> put(String key, String value, Duration ttl) {
        return values.set(key, value, new SetArgs().ex(ttl)).replaceWith(true);
    }

    Uni<Optional<String>> unavailable(String key, Throwable failure) {
        Log.debugf("Response cache unavailable, serving uncached: %s", failure.toString());
        return Uni.createFrom().item(Optional.empty());
    }

    Uni<Boolean> notStored(String key, String value, Duration ttl, Throwable failure) {
        Log.debugf("Response not cached: %s", failure.toString());
        return Uni.createFrom().item(false);
    }
}
