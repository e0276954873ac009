package ai.citadel.commons.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.List;

/**
 * A service's own audit table (the orchestrator's API calls, the management service's admin actions): the
 * {@link AuditQueue} that writes its records off the request path, which paths are audited, and the deletion of the
 * records past their retention, a batch at a time. The service's audit bean starts and stops it with the
 * application and schedules {@link #deleteExpired}.
 */
public final class AuditTrail<T> {

    /** The table the records go to. */
    public interface Table<T> {

        /** Writes a batch of records in one statement. */
        Uni<Void> insert(List<T> records);

        /** Deletes at most {@code batchSize} records older than {@code keep}; answers how many went. */
        Uni<Integer> deleteOlderThan(Duration keep, int batchSize);
    }

    private final String name;
    private final AuditQueue<T> queue;
    private final Table<T> table;
    private final List<String> excludedPathPrefixes;

    /**
     * @param name                 names the writer thread, tags the queue's meters ({@code log}) and the log lines
     * @param excludedPathPrefixes paths left out of the audit (probes, scrapes, the API description)
     */
    public AuditTrail(String name, AuditSettings settings, List<String> excludedPathPrefixes, Table<T> table,
                      ObjectMapper json, MeterRegistry metrics) {
        this.name = name;
        this.queue = new AuditQueue<>(name, settings, table::insert, json, metrics);
        this.table = table;
        this.excludedPathPrefixes = List.copyOf(excludedPathPrefixes);
    }

    public void start() {
        queue.start();
    }

    /** Writes what is left, giving PostgreSQL one try. */
    public void stop() throws InterruptedException {
        queue.stop();
    }

    /** Whether calls to this (normalized) path are audited. */
    public boolean audits(String path) {
        return excludedPathPrefixes.stream().noneMatch(path::startsWith);
    }

    /** Where a call takes a place for its record before it starts, and queues it when it has ended. */
    public AuditQueue<T> queue() {
        return queue;
    }

    /** Deletes the records older than {@code keep}, {@code batchSize} per statement, until none is left; never fails. */
    public Uni<Void> deleteExpired(Duration keep, int batchSize) {
        return table.deleteOlderThan(keep, batchSize)
                .onItem().transformToUni(deleted -> deleted == batchSize
                        ? deleteExpired(keep, batchSize) : Uni.createFrom().voidItem())
                .onFailure().invoke(failure -> Log.warnf("Could not delete expired %s audit records: %s", name,
                        failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
