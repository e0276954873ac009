package ai.citadel.management.repository;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The per-user call windows in Redis ({@code citadel:ratelimit:management:user:<user>}), shared by every replica:
 * one Lua script ({@code ratelimit/count.lua}) counts a call and starts the window's expiry atomically.
 */
@ApplicationScoped
public class RateLimitWindows {

    static final String PREFIX = "citadel:ratelimit:management:user:";

    /** A window after a call: calls counted in it, and milliseconds until it resets. */
    public record Window(long count, long resetMillis) {
    }

    private final ReactiveRedisDataSource redis;
    private final String script;

    public RateLimitWindows(ReactiveRedisDataSource redis) {
        this.redis = redis;
        try (InputStream in = RateLimitWindows.class.getClassLoader().getResourceAsStream("ratelimit/count.lua")) {
            if (in == null) {
                throw new IllegalStateException("missing resource ratelimit/count.lua");
            }
            this.script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts one call of {@code user} in its current window. */
    public Uni<Window> count(String user, long windowMillis) {
        return redis.execute("EVAL", script, "1", PREFIX + user, String.valueOf(windowMillis))
                .map(response -> new Window(response.get(0).toLong(), response.get(1).toLong()));
    }
}
