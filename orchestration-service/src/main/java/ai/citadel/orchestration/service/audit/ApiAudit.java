package ai.citadel.orchestration.service.audit;

import ai.citadel.commons.audit.AuditQueue;
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
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * The API audit ({@code orchestration.audit_logs}, docs/architecture.md#audit), off the request path through an
 * {@link AuditQueue} (meters tagged {@code log="api"}). A call is admitted only while its record will find a place:
 * while PostgreSQL is away long enough to fill the queue, new calls are refused with a 503 rather than served without
 * their record.
 */
@ApplicationScoped
public class ApiAudit {

    private static final Logger LOG = Logger.getLogger(ApiAudit.class);

    private final AuditQueue<AuditLogEntry> queue;
    private final AuditLogRepository repository;
    private final AuditConfig config;

    public ApiAudit(AuditConfig config, AuditLogRepository repository, ObjectMapper json, MeterRegistry metrics) {
        this.queue = new AuditQueue<>("api", config, repository::insert, json, metrics);
        this.repository = repository;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        queue.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        queue.stop();
    }

    /** Whether calls to this (normalized) path are audited. */
    public boolean audits(String path) {
        return config.excludedPathPrefixes().stream().noneMatch(path::startsWith);
    }

    /** Takes a place for the record of a call about to start; then {@link #record} or {@link #release} once. */
    public boolean tryAdmit() {
        return queue.tryAdmit();
    }

    /** When a refused caller may try again, in seconds. */
    public long retryAfterSeconds() {
        return queue.retryAfterSeconds();
    }

    /** Queues the record of an admitted call; never blocks. */
    public void record(ApiCall call) {
        queue.record(new AuditLogEntry(UUID.randomUUID(), call.arrivedAt(), call.userId(), call.method(), call.path(),
                call.status(), call.latencyMs(), call.clientIp(), call.requestId(), call.bodySha256()));
    }

    /** Gives back the place of an admitted call that leaves no record. */
    public void release() {
        queue.release();
    }

    /** Deletes the records older than the retention, a batch at a time (the table would otherwise grow forever). */
    @Scheduled(every = "${citadel.audit.retention-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> deleteExpired() {
        return repository.deleteOlderThan(config.retention(), config.retentionBatchSize())
                .onItem().transformToUni(deleted -> deleted == config.retentionBatchSize()
                        ? deleteExpired() : Uni.createFrom().voidItem())
                .onFailure().invoke(failure -> LOG.warnf("Could not delete expired audit records: %s",
                        failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
