package ai.citadel.commons.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/** What every service measures for operations (docs/operations.md#monitoring). */
@ConfigMapping(prefix = "citadel.metrics")
public interface MetricsConfig {

    /**
     * Directories whose file system's free and total space are exposed ({@code disk_free_bytes},
     * {@code disk_total_bytes}, tagged {@code path}); the default, the working directory, holds the relative
     * paths a service writes to (the gateway's audit spool, {@code var/audit-spool}).
     */
    @WithDefault(".")
    List<String> diskPaths();
}
