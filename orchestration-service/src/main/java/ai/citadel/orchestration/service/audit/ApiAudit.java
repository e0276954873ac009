package ai.citadel.orchestration.service.audit;

import ai.citadel.commons.audit.AuditQueue;
import ai.citadel.commons.audit.AuditTrail;
import ai.citadel.orchestration.config.AuditConfig;
import ai.citadel.orchestration.repository.AuditLogEntry;
import ai.citadel.orchestration.repository.AuditLogRepository;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.UUID;

/**
 * The API audit ({@code orchestration.audit_logs}, docs/architecture.md#audit), off the request path through an
 * {@link AuditTrail} (meters tagged {@code log="api"}). A call is admitted only while its record will find a place:
 * while PostgreSQL is away long enough to fill the queue, new calls are refused with a 503 rather than served without
 * their record.
 */
@ApplicationScoped
public class ApiAudit {

    private final AuditTrail<AuditLogEntry> trail;
    private final AuditConfig config;

    public ApiAudit(AuditConfig config, AuditLogRepository repository, ObjectMapper json, MeterRegistry metrics) {
        this.trail = new AuditTrail<>("api", config, config.excludedPathPrefixes(), repository, json, metrics);
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        trail.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        trail.stop();
    }

    /** Whether calls to this (normalized) path are audited. */
    public boolean audits(String path) {
        return trail.audits(path);
    }

    /** Where a call takes a place for its record before it starts ({@code AuditAdmission}). */
    public AuditQueue<AuditLogEntry> queue() {
        return trail.queue();
    }

    /** Queues the record of an admitted call; never blocks. */
    public void record(ApiCall call) {
        trail.queue().record(new AuditLogEntry(UUID.randomUUID(), call.arrivedAt(), call.userId(), call.method(),
                call.path(), call.status(), call.latencyMs(), call.clientIp(), call.requestId(), call.bodySha256()));
    }

    /** Deletes the records older than the retention (the table would otherwise grow forever). */
    @Scheduled(every = "${citadel.audit.retention-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> deleteExpired() {
        return trail.deleteExpired(config.retention(), config.retentionBatchSize());
    }
}
