package ai.citadel.gateway.service.audit;

import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.repository.AuditRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Keeps the audit tables' monthly partitions: the coming months' are created ahead
 * ({@code citadel.audit.partitions-ahead}), and with {@code citadel.audit.retention} set, those wholly older than it
 * are dropped.
 */
@ApplicationScoped
public class AuditPartitions {

    private final AuditRepository repository;
    private final GatewayConfig.Audit config;

    public AuditPartitions(AuditRepository repository, GatewayConfig config) {
        this.repository = repository;
        this.config = config.audit();
    }

    @Scheduled(every = "${citadel.audit.partition-maintenance-interval}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void maintainPartitions() {
        repository.ensureMonthlyPartitions(config.partitionsAhead())
                .invoke(created -> created.forEach(name -> Log.infof("Created audit partition %s", name)))
                .chain(() -> config.retention().isEmpty() ? Uni.createFrom().voidItem()
                        : repository.dropPartitionsOlderThan(Instant.now().minus(config.retention().get()))
                        .invoke(dropped -> dropped.forEach(name -> Log.infof("Dropped audit partition %s", name)))
                        .replaceWithVoid())
                .subscribe().with(ignored -> { }, failure -> Log.warnf("Audit partition upkeep failed: %s", failure));
    }
}
