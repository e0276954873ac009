package ai.citadel.gateway.service.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Metrics of API keys and rate limits (docs/architecture.md#metrics); refused credentials are counted by
 * service-commons ({@code citadel_auth_failures_total}). Series exist from start-up, so alerts see zeros.
 */
@ApplicationScoped
public class SecurityMetrics {

    private final MeterRegistry registry;
    private final Counter limiterUnavailable;
    private final Counter keysServedStale;

    public SecurityMetrics(MeterRegistry registry) {
        this.registry = registry;
        rejectionCounter("key", "rpm");
        rejectionCounter("key", "tpm");
        rejectionCounter("ip", "rpm");
        this.limiterUnavailable = Counter.builder("citadel_gateway_rate_limit_unavailable_total")
                .description("Requests let through unlimited because Redis did not answer in time")
                .register(registry);
        this.keysServedStale = Counter.builder("citadel_gateway_api_key_stale_lookups_total")
                .description("Key checks answered from the in-memory cache because PostgreSQL was unreachable")
                .register(registry);
    }

    /** @param scope {@code key} or {@code ip}; @param limit {@code rpm} or {@code tpm} */
    public void rateLimitRejection(String scope, String limit) {
        rejectionCounter(scope, limit).increment();
    }

    public void rateLimiterUnavailable() {
        limiterUnavailable.increment();
    }

    public void keyServedStale() {
        keysServedStale.increment();
    }

    private Counter rejectionCounter(String scope, String limit) {
        return Counter.builder("citadel_gateway_rate_limit_rejections_total")
                .description("Requests refused with 429 by Citadel's own rate limits")
                .tag("scope", scope).tag("limit", limit).register(registry);
    }
}
