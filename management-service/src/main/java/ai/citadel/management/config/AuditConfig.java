package ai.citadel.management.config;

import ai.citadel.commons.audit.AuditSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** The admin audit ({@code management.admin_audit}): the queue's settings, what is not audited, the retention. */
@ConfigMapping(prefix = "citadel.audit")
public interface AuditConfig extends AuditSettings {

    /** Paths left out of the audit: probes, scrapes and the API description, which carry no operator's action. */
    @WithDefault("/health,/metrics,/q/")
    List<String> excludedPathPrefixes();

    /** Records older than this are deleted, {@code retention-batch-size} rows per statement. */
    @WithDefault("400d")
    Duration retention();

    @WithDefault("10000")
    int retentionBatchSize();

    /** How often expired records are looked for. */
    @WithDefault("1h")
    Duration retentionInterval();
}
