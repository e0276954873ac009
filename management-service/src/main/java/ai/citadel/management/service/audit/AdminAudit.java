package ai.citadel.management.service.audit;

import ai.citadel.commons.audit.AuditQueue;
import ai.citadel.commons.audit.AuditTrail;
import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.rest.PageCursor;
import ai.citadel.management.config.AuditConfig;
import ai.citadel.management.repository.AdminAuditEntry;
import ai.citadel.management.repository.AdminAuditRepository;
import ai.citadel.model.management.AuditEntry;
import ai.citadel.model.management.AuditPage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.UUID;

/**
 * The admin audit ({@code management.admin_audit}, docs/architecture.md#audit): every call, allowed or refused, with
 * who made it, the action, host and target, the outcome and the duration, written off the request path through an
 * {@link AuditQueue} (meters tagged {@code log="admin"}). A call is admitted only while its record will find a place:
 * while PostgreSQL is away long enough to fill the queue, new calls are refused with a 503 rather than served
 * without their record.
 */
@ApplicationScoped
public class AdminAudit {

    /** Largest page of {@code GET /management/audit}. */
    static final int MAX_LIMIT = 500;
    static final int DEFAULT_LIMIT = 50;
    private static final TypeReference<Map<String, Object>> DETAIL = new TypeReference<>() {
    };

    private final AuditTrail<AdminAuditEntry> trail;
    private final AdminAuditRepository repository;
    private final AuditConfig config;
    private final ObjectMapper json;

    public AdminAudit(AuditConfig config, AdminAuditRepository repository, ObjectMapper json, MeterRegistry metrics) {
        this.trail = new AuditTrail<>("admin", config, config.excludedPathPrefixes(), repository, json, metrics);
        this.repository = repository;
        this.config = config;
        this.json = json;
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
    public AuditQueue<AdminAuditEntry> queue() {
        return trail.queue();
    }

    /** Queues the record of an admitted call; never blocks. */
    public void record(AdminCall call, ServedCall served) {
        trail.queue().record(new AdminAuditEntry(UUID.randomUUID(), served.arrivedAt(), served.userId(), served.roles(),
                call.action(), call.host(), call.target(), served.method(), served.path(), served.status(),
                outcome(served.status(), call.isPartial()), served.durationMs(), detail(call), served.clientIp(),
                served.requestId()));
    }

    /** Newest first; {@code limit} and {@code cursor} as the query string gave them. */
    public Uni<AuditPage> page(String limit, String cursor) {
        return repository.page(PageCursor.parse(cursor, "cursor"), limit(limit)).map(page -> new AuditPage(
                page.entries().stream().map(this::entry).toList(),
                page.next().map(PageCursor::encode).orElse(null)));
    }

    /** Deletes the records older than the retention. */
    @Scheduled(every = "${citadel.audit.retention-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> deleteExpired() {
        return trail.deleteExpired(config.retention(), config.retentionBatchSize());
    }

    /** How a call ended, for people reading the audit: status classes, and {@code partial} when a host was away. */
    static String outcome(int status, boolean partial) {
        if (status == ServedCall.CLIENT_CLOSED) {
            return "abandoned";
        }
        if (status == 401 || status == 403) {
            return "denied";
        }
        if (status >= 500) {
            return "failed";
        }
        if (status >= 400) {
            return "refused";
        }
        return partial ? "partial" : "ok";
    }

    private String detail(AdminCall call) {
        Map<String, Object> detail = call.detail();
        if (detail == null) {
            return null;
        }
        try {
            return json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            Log.warnf("An admin audit detail is not serializable (%s); the record keeps none", e.getOriginalMessage());
            return null;
        }
    }

    private AuditEntry entry(AdminAuditEntry row) {
        Map<String, Object> detail = null;
        if (row.detailJson() != null) {
            try {
                detail = json.readValue(row.detailJson(), DETAIL);
            } catch (JsonProcessingException e) {
                detail = Map.of("unreadable", row.detailJson());
            }
        }
        return new AuditEntry(row.id(), row.createdAt(), row.userId(), row.roles(), row.action(), row.host(),
                row.target(), row.method(), row.path(), row.status(), row.outcome(), row.durationMs(), row.clientIp(),
                row.requestId(), detail);
    }

    private static int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("limit must be a whole number from 1 to " + MAX_LIMIT, "limit");
    }
}
