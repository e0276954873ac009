package ai.citadel.gateway.repository;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The rate-limit windows in Redis, shared by every replica. Each operation is one Lua script run atomically by
 * Redis ({@code ratelimit/*.lua}), sent as {@code EVALSHA} and loaded with {@code EVAL} when Redis does not know
 * it yet (first use, restart, {@code SCRIPT FLUSH}).
 */
@ApplicationScoped
public class RateLimitCounters {

    /** Keys: {@code citadel:ratelimit:key:<uuid>:rpm|tpm}, {@code citadel:ratelimit:ip:<address>:rpm}. */
    public static final String PREFIX = "citadel:ratelimit:";

    private final ReactiveRedisDataSource redis;
    private final Script admit = Script.load("ratelimit/admit.lua");
    private final Script charge = Script.load("ratelimit/charge.lua");

    public RateLimitCounters(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /**
     * Runs {@code admit.lua}.
     *
     * @param counters the key RPM, key TPM and IP RPM counters
     * @param limits   their limits, 0 = none
     * @return the index of the limit that refused (0 = admitted), then count and ms to reset of each counter
     */
    public Uni<List<Long>> admit(List<String> counters, List<Long> limits, long windowMillis) {
        List<String> args = new ArrayList<>(limits.stream().map(String::valueOf).toList());
        args.add(String.valueOf(windowMillis));
        return eval(admit, counters, args).map(response -> {
            List<Long> values = new ArrayList<>(response.size());
            response.forEach(item -> values.add(item.toLong()));
            return values;
        });
    }

    /** Runs {@code charge.lua}: adds tokens to a token window; returns the window's total. */
    public Uni<Long> charge(String counter, long tokens, long windowMillis) {
        return eval(charge, List.of(counter), List.of(String.valueOf(tokens), String.valueOf(windowMillis)))
                .map(Response::toLong);
    }

    private Uni<Response> eval(Script script, List<String> keys, List<String> args) {
        return redis.execute("EVALSHA", command(script.sha(), keys, args))
                .onFailure(failure -> String.valueOf(failure.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", command(script.source(), keys, args)));
    }

    private static String[] command(String script, List<String> keys, List<String> args) {
        List<String> command = new ArrayList<>(2 + keys.size() + args.size());
        command.add(script);
        command.add(String.valueOf(keys.size()));
        command.addAll(keys);
        command.addAll(args);
        return command.toArray(String[]::new);
    }

    private record Script(String source, String sha) {
        static Script load(String resource) {
            try (InputStream in = RateLimitCounters.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + resource);
                }
                String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Script(source, HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
