package ai.citadel.management.service.security;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.management.config.ManagementConfig;
import ai.citadel.management.repository.RateLimitWindows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Calls per user and minute ({@code citadel.rate-limit.requests-per-minute}), counted in Redis so that replicas share
 * the limit. Beyond it: 429 {@code rate_limited} with {@code Retry-After}. Redis slow or down costs nothing but the
 * limit: after {@code redis-timeout} the call goes through, logged once per outage and counted
 * ({@code citadel_management_rate_limit_unavailable_total}); refusals are counted in
 * {@code citadel_management_rate_limit_rejections_total}.
 */
@ApplicationScoped
public class UserRateLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final RateLimitWindows windows;
    private final ManagementConfig.RateLimit settings;
    private final Counter rejections;
    private final Counter unavailable;
    private final AtomicBoolean outage = new AtomicBoolean();

    UserRateLimiter(RateLimitWindows windows, ManagementConfig config, MeterRegistry registry) {
        this.windows = windows;
        this.settings = config.rateLimit();
        this.rejections = Counter.builder("citadel_management_rate_limit_rejections_total")
                .description("Management calls refused (429) for their user's rate limit").register(registry);
        this.unavailable = Counter.builder("citadel_management_rate_limit_unavailable_total")
                .description("Management calls let through unlimited because Redis did not answer in time")
                .register(registry);
    }

    /** Completes when {@code user} may make one more call now; fails with a 429 {@link ApiException} when not. */
    public Uni<Void> admit(String user) {
        int limit = settings.requestsPerMinute();
        if (limit <= 0) {
            return Uni.createFrom().voidItem();
        }
        return windows.count(user, WINDOW.toMillis())
                .ifNoItem().after(settings.redisTimeout()).fail()
                .onItemOrFailure().transformToUni((window, failure) -> {
                    if (failure != null) {
                        unavailable.increment();
                        if (outage.compareAndSet(false, true)) {
                            Log.warnf("Redis cannot count management calls (%s); calls are not rate-limited until "
                                    + "it answers again", failure.toString());
                        }
                        return Uni.createFrom().voidItem();
                    }
                    if (outage.compareAndSet(true, false)) {
                        Log.info("Redis counts management calls again; rate limits apply");
                    }
                    if (window.count() <= limit) {
                        return Uni.createFrom().voidItem();
                    }
                    rejections.increment();
                    long retryAfter = Math.max(1, (window.resetMillis() + 999) / 1000);
                    return Uni.createFrom().failure(new ApiException(429, "rate_limited",
                            "More than " + limit + " calls in a minute; retry in " + retryAfter + " s", null,
                            Map.of("Retry-After", String.valueOf(retryAfter),
                                    "X-RateLimit-Limit", String.valueOf(limit))));
                });
    }
}
