package ai.citadel.orchestration.service.audit;

import ai.citadel.commons.audit.AuditQueue;
import ai.citadel.orchestration.config.AuditConfig;
import ai.citadel.orchestration.repository.AuditLogEntry;
import ai.citadel.orchestration.repository.AuditLogRepository;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.UUID;

/**
 * The API audit ({@code orchestration.audit_logs}, docs/architecture.md#audit), off the request path through an
 * {@link AuditQueue} (meters tagged {@code log="api"}). A call is admitted only while its record will find a place:
 * while PostgreSQL is away long enough to fill the queue, new calls are refused with a 503 rather than served without
 * their record.
 */
@ApplicationScoped
public class ApiAudit {

    private final AuditQueue<AuditLogEntry> queue;
    private final List<String> excludedPathPrefixes;

    public ApiAudit(AuditConfig config, AuditLogRepository repository, ObjectMapper json, MeterRegistry metrics) {
        this.queue = new AuditQueue<>("api", config, repository::insert, json, metrics);
        this.excludedPathPrefixes = config.excludedPathPrefixes();
    }

    void start(@Observes StartupEvent startup) {
        queue.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        queue.stop();
    }

    /** Whether calls to this (normalized) path are audited. */
    public boolean audits(String path) {
        return excludedPathPrefixes.stream().noneMatch(path::startsWith);
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
}
