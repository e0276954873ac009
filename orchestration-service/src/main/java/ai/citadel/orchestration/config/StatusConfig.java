package ai.citadel.orchestration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Set;

/** Dependency checks ({@code GET /api/v1/status}, readiness; docs/orchestration.md#dependency-status). */
@ConfigMapping(prefix = "citadel.status")
public interface StatusConfig {

    /** How often every dependency is checked (read by the scheduler: {@code off} turns the checks off). */
    @WithDefault("15s")
    String checkInterval();

    /** A check that takes longer counts as down. */
    @WithDefault("3s")
    Duration timeout();

    /** Checks older than this are deleted from {@code orchestration.service_health_logs}. */
    @WithDefault("7d")
    Duration retention();

    /**
     * The dependency kinds without which this replica is not ready: {@code postgresql}, {@code redis},
     * {@code gateway} (at least one), {@code embedding-service}, {@code vector-store}.
     */
    @WithDefault("postgresql,redis,gateway")
    Set<String> readinessRequires();
}
