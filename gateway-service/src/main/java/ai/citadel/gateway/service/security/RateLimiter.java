package ai.citadel.gateway.service.security;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.config.SecurityConfig;
import ai.citadel.gateway.repository.ApiKey;
import ai.citadel.gateway.repository.RateLimitCounters;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Per-key RPM and TPM and per-client-IP RPM limits, counted in Redis so that every replica enforces one combined
 * limit. Windows are fixed minutes starting at a key's first request. Requests are counted when admitted; tokens
 * (prompt + completion) are charged once the answer is known, and a key whose window has used its tokens is
 * refused until the window resets — so requests admitted together may overshoot a TPM limit by their own tokens,
 * never more. Redis slow or down: requests are let through unlimited (logged, counted), never failed.
 */
@ApplicationScoped
public class RateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final String UNUSED = RateLimitCounters.PREFIX + "unused";

    /** What a limit counts. */
    public enum Scope {
        KEY_RPM("key", "rpm"), KEY_TPM("key", "tpm"), IP_RPM("ip", "rpm");

        public final String owner;
        public final String unit;

        Scope(String owner, String unit) {
            this.owner = owner;
            this.unit = unit;
        }
    }

    /** One limit as it stands after this request. */
    public record Window(Scope scope, long limit, long used, Duration resetIn) {
        public long remaining() {
            return Math.max(0, limit - used);
        }
    }

    /**
     * @param windows   the limits that apply (none when nothing is limited or Redis could not be asked)
     * @param refusedBy the limit that refused the request, {@code null} when admitted
     */
    public record Admission(List<Window> windows, Window refusedBy) {
        static final Admission UNLIMITED = new Admission(List.of(), null);

        public boolean admitted() {
            return refusedBy == null;
        }

        /** This admission together with an earlier one (the per-address one made before a key lookup). */
        public Admission and(Admission earlier) {
            if (earlier == null) {
                return this;
            }
            List<Window> all = new ArrayList<>(earlier.windows());
            all.addAll(windows);
            return new Admission(all, refusedBy != null ? refusedBy : earlier.refusedBy());
        }

        /**
         * {@code X-RateLimit-Limit/Remaining/Reset} for the tightest request limit (the one that refused, if any),
         * {@code X-RateLimit-*-Tokens} for the token limit.
         */
        public Map<String, String> headers() {
            Map<String, Window> shown = new HashMap<>();
            windows.stream().filter(w -> w.scope() != Scope.KEY_TPM)
                    .min(Comparator.comparingLong(Window::remaining))
                    .ifPresent(w -> shown.put("", w));
            windows.stream().filter(w -> w.scope() == Scope.KEY_TPM).findFirst()
                    .ifPresent(w -> shown.put("-Tokens", w));
            if (refusedBy != null) {
                shown.put(refusedBy.scope() == Scope.KEY_TPM ? "-Tokens" : "", refusedBy);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            shown.forEach((suffix, window) -> {
                headers.put("X-RateLimit-Limit" + suffix, Long.toString(window.limit()));
                headers.put("X-RateLimit-Remaining" + suffix, Long.toString(window.remaining()));
                headers.put("X-RateLimit-Reset" + suffix, Long.toString(resetSeconds(window)));
            });
            return headers;
        }

        /** The 429 of a refused admission, with {@code Retry-After} and the limit headers. */
        public ApiException refusal() {
            String seconds = Long.toString(resetSeconds(refusedBy));
            Map<String, String> headers = new LinkedHashMap<>(headers());
            headers.put("Retry-After", seconds);
            return new ApiException(429, "rate_limit_exceeded", "Rate limit reached: " + refusedBy.limit() + " "
                    + (refusedBy.scope().unit.equals("rpm") ? "requests" : "tokens") + " per minute per "
                    + (refusedBy.scope().owner.equals("ip") ? "client address" : "API key")
                    + "; retry in " + seconds + " s", null, headers);
        }

        /** Seconds until the window resets, rounded up so a client that waits that long is admitted. */
        private static long resetSeconds(Window window) {
            return Math.max(1, (window.resetIn().toMillis() + 999) / 1000);
        }
    }

    private final RateLimitCounters counters;
    private final SecurityMetrics metrics;
    private final SecurityConfig.RateLimits config;
    private final TypedGuard<Uni<List<Long>>> guard;
    private final AtomicBoolean redisFailing = new AtomicBoolean();

    public RateLimiter(RateLimitCounters counters, SecurityMetrics metrics, SecurityConfig config) {
        this.counters = counters;
        this.metrics = metrics;
        this.config = config.rateLimits();
        // the timeout bounds what a hung Redis adds to a request; the breaker then spares requests even that wait
        this.guard = TypedGuard.create(new TypeLiteral<Uni<List<Long>>>() {
                })
                .withTimeout().duration(this.config.redisTimeout().toMillis(), ChronoUnit.MILLIS).done()
                .withCircuitBreaker().name("redis-rate-limits")
                .requestVolumeThreshold(this.config.redisRequestVolumeThreshold())
                .failureRatio(this.config.redisFailureRatio())
                .delay(this.config.redisRetryDelay().toMillis(), ChronoUnit.MILLIS)
                .done()
                .build();
    }

    /** @param key the caller's key, {@code null} when it sent none */
    public Uni<Admission> admit(ApiKey key, String clientIp) {
        long keyRpm = key == null ? 0 : orDefault(key.rpmLimit(), config.defaultKeyRpm());
        long keyTpm = key == null ? 0 : orDefault(key.tpmLimit(), config.defaultKeyTpm());
        long ipRpm = clientIp == null ? 0 : config.ipRpm();
        if (keyRpm == 0 && keyTpm == 0 && ipRpm == 0) {
            return Uni.createFrom().item(Admission.UNLIMITED);
        }
        List<String> names = List.of(
                keyRpm > 0 ? keyCounter(key, Scope.KEY_RPM) : UNUSED,
                keyTpm > 0 ? keyCounter(key, Scope.KEY_TPM) : UNUSED,
                ipRpm > 0 ? RateLimitCounters.PREFIX + "ip:" + clientIp + ":rpm" : UNUSED);
        List<Long> limits = List.of(keyRpm, keyTpm, ipRpm);
        return guard.get(() -> counters.admit(names, limits, WINDOW.toMillis()))
                .map(result -> {
                    redisAnswered();
                    return admission(limits, result);
                })
                .onFailure().recoverWithItem(failure -> {
                    redisFailed(failure);
                    metrics.rateLimiterUnavailable();
                    return Admission.UNLIMITED;
                });
    }

    /** Adds a finished request's tokens to its key's TPM window; off the request path, failures only logged. */
    public void charge(ApiKey key, long tokens) {
        if (key == null || tokens <= 0 || orDefault(key.tpmLimit(), config.defaultKeyTpm()) == 0) {
            return;
        }
        counters.charge(keyCounter(key, Scope.KEY_TPM), tokens, WINDOW.toMillis())
                .ifNoItem().after(config.redisTimeout()).fail()
                .subscribe().with(total -> redisAnswered(), this::redisFailed);
    }

    static String keyCounter(ApiKey key, Scope scope) {
        return RateLimitCounters.PREFIX + "key:" + key.id() + ":" + scope.unit;
    }

    private Admission admission(List<Long> limits, List<Long> result) {
        List<Window> windows = new ArrayList<>(3);
        Scope[] scopes = Scope.values();
        for (int i = 0; i < scopes.length; i++) {
            if (limits.get(i) > 0) {
                windows.add(new Window(scopes[i], limits.get(i), result.get(1 + 2 * i),
                        Duration.ofMillis(result.get(2 + 2 * i))));
            }
        }
        int refused = result.get(0).intValue();
        if (refused == 0) {
            return new Admission(windows, null);
        }
        Scope scope = scopes[refused - 1];
        metrics.rateLimitRejection(scope.owner, scope.unit);
        return new Admission(windows, windows.stream().filter(w -> w.scope() == scope).findFirst().orElseThrow());
    }

    private void redisAnswered() {
        if (redisFailing.compareAndSet(true, false)) {
            Log.info("Redis answers again: rate limits are enforced");
        }
    }

    /** Logged once per outage, not once per request. */
    private void redisFailed(Throwable failure) {
        if (redisFailing.compareAndSet(false, true)) {
            Log.warnf("Redis unavailable for rate limits (%s): requests are let through unlimited until it answers",
                    failure.toString());
        }
    }

    private static long orDefault(Integer limit, int fallback) {
        return limit != null ? limit : fallback;
    }
}
