package ai.citadel.gateway.service.audit;

import ai.citadel.commons.audit.AuditBatchWriter;
import ai.citadel.commons.audit.AuditBatches;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.repository.AuditEntry;
import ai.citadel.gateway.repository.AuditRepository;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The conversation audit (docs/gateway.md#audit, docs/architecture.md#audit), off the request path: {@link #record}
 * only puts an entry ({@link AuditEntries} builds it) in a bounded queue; one writer thread inserts them in batches.
 * While PostgreSQL is unreachable the writer appends them to a spool file and replays it, in order, once PostgreSQL
 * answers again — also after a restart. A full queue spools too, through a second bounded queue and thread, so
 * memory stays bounded, whatever the outage length, and no request thread waits on the disk. A record PostgreSQL
 * refuses for its data goes to the dead letters instead of holding up the others. The tables' partitions are
 * {@link AuditPartitions}' job.
 */
@ApplicationScoped
public class AuditLog {

    private final AuditRepository repository;
    private final AuditEntries entries;
    private final GatewayConfig.Audit config;
    private final AuditSpool spool;
    private final AuditBatchWriter<AuditEntry> batchWriter;
    private final BlockingQueue<AuditEntry> queue;
    /** Records the full queue turned away, waiting to be spooled: the spooler appends them many to one fsync. */
    private final BlockingQueue<AuditEntry> overflow;
    private final AuditBatches<AuditEntry> batches;
    private final AuditBatches<AuditEntry> overflowBatches;
    private final Timer writeDuration;
    private final Counter written;
    private final Counter dropped;
    private final Counter refused;
    /** Records in memory, queued or in the hands of the writer or the spooler, until PostgreSQL or the spool has them. */
    private final AtomicInteger held = new AtomicInteger();
    /**
     * The last records tried could be stored neither in PostgreSQL nor in the spool (its disk full or failing): they
     * stay in memory until one of them takes records again.
     */
    private volatile boolean storeFailing;
    private volatile boolean running = true;
    private Thread writer;
    private Thread overflowSpooler;

    public AuditLog(AuditRepository repository, AuditEntries entries, GatewayConfig config, ObjectMapper json,
                    MeterRegistry metrics) {
        this.repository = repository;
        this.entries = entries;
        this.config = config.audit();
        Path spoolDirectory = Path.of(this.config.spoolDirectory());
        AuditDeadLetters deadLetters = new AuditDeadLetters(spoolDirectory, json,
                Counter.builder("citadel_gateway_audit_dead_letters_total")
                        .description("Audit records PostgreSQL refused for their data, moved to the dead-letter file")
                        .register(metrics));
        this.spool = new AuditSpool(spoolDirectory, json, deadLetters);
        this.batchWriter = new AuditBatchWriter<>(this::insert, deadLetters::add);
        this.queue = new ArrayBlockingQueue<>(this.config.queueCapacity());
        this.overflow = new ArrayBlockingQueue<>(this.config.queueCapacity());
        this.batches = new AuditBatches<>(queue, this.config.batchSize(), this.config.flushInterval());
        this.overflowBatches = new AuditBatches<>(overflow, Integer.MAX_VALUE, this.config.flushInterval());
        Gauge.builder("citadel_gateway_audit_queue_depth", held, AtomicInteger::get)
                .description("Audit records waiting in memory for the writer or the spool").register(metrics);
        Gauge.builder("citadel_gateway_audit_spooled_records", spool, AuditSpool::pendingEntries)
                .description("Audit records in the spool file, waiting for PostgreSQL").register(metrics);
        Gauge.builder("citadel_gateway_audit_spooled_oldest_age_seconds", spool,
                        s -> s.oldestAge().toMillis() / 1000.0)
                .description("How long ago the request of the oldest spooled audit record arrived").register(metrics);
        this.writeDuration = Timer.builder("citadel_gateway_audit_write_duration")
                .description("Time to write one batch of audit records").publishPercentileHistogram()
                .register(metrics);
        this.written = Counter.builder("citadel_gateway_audit_records_written_total")
                .description("Audit records written to PostgreSQL").register(metrics);
        this.dropped = Counter.builder("citadel_gateway_audit_records_dropped_total")
                .description("Audit records lost because memory and the spool were both full").register(metrics);
        this.refused = Counter.builder("citadel_gateway_audit_refused_calls_total")
                .description("Calls refused (503) because the audit's memory queue was full").register(metrics);
    }

    void start(@Observes StartupEvent startup) {
        writer = Thread.ofPlatform().name("citadel-audit-writer").daemon().start(this::writeLoop);
        overflowSpooler = Thread.ofPlatform().name("citadel-audit-overflow").daemon().start(this::spoolOverflow);
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        // no interrupt: it would abort a spool write under way (file channels close on interrupt)
        running = false;
        writer.join(config.writeTimeout().toMillis() * 2);
        overflowSpooler.join(config.writeTimeout().toMillis());
        List<AuditEntry> left = new ArrayList<>();
        queue.drainTo(left);
        overflow.drainTo(left);
        spool.append(left);
    }

    /**
     * Whether a new call may start: its record will find room. False (and counted) while neither PostgreSQL nor the
     * spool takes records: the spool fails and the records in memory fill one queue's capacity (the overflow queue's
     * is left for the calls already under way), or the spool's disk is so slow that the overflow queue is full.
     */
    public boolean tryAdmit() {
        boolean full = storeFailing ? held.get() >= config.queueCapacity() : overflow.remainingCapacity() == 0;
        if (!full) {
            return true;
        }
        refused.increment();
        return false;
    }

    /** When a refused caller may try again: the writer's retry interval, in whole seconds. */
    public long retryAfterSeconds() {
        return Math.max(1, (config.retryInterval().toMillis() + 999) / 1000);
    }

    /**
     * Queues the call's records; never fails the request, and never blocks an event loop. Another thread waits only
     * while the spool's disk cannot keep up.
     */
    public void record(GatewayCall call, CallOutcome outcome) {
        AuditEntry entry;
        try {
            entry = entries.of(call, outcome);
        } catch (RuntimeException e) {
            Log.errorf(e, "Cannot build the audit record of request %s", call.requestId());
            return;
        }
        held.incrementAndGet();
        if (queue.offer(entry) || overflow.offer(entry)) {
            return;
        }
        // the disk takes fewer records than requests bring, as when it stalls: a thread that may block waits for
        // room; an event loop must not, and memory must stay bounded, so the record is lost, loudly
        if (!Context.isOnEventLoopThread()) {
            try {
                overflow.put(entry);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        held.decrementAndGet();
        dropped.increment();
        Log.errorf("Audit record of request %s dropped: the queues to the writer and to the spool are both full",
                call.requestId());
    }

    /**
     * Writes what the queue brings, or spools it while PostgreSQL cannot take it. A batch neither could take (the
     * spool's disk failing too) stays in hand and is tried again: records leave memory only once they are stored.
     */
    private void writeLoop() {
        long nextReplay = 0;
        List<AuditEntry> batch = List.of();
        while (running) {
            if (batch.isEmpty()) {
                batch = nextBatch(batches);
            }
            try {
                if (spool.isEmpty()) {
                    // keep the order: while anything is spooled, new records queue up behind it
                    List<AuditEntry> unwritten = batchWriter.write(batch);
                    if (!unwritten.isEmpty()) {
                        nextReplay = System.nanoTime() + config.retryInterval().toNanos();
                    }
                    stored(batch.size() - unwritten.size());
                    batch = unwritten;
                }
                spool(batch);
                batch = List.of();
                if (!spool.isEmpty() && System.nanoTime() >= nextReplay) {
                    replaySpool();
                    nextReplay = System.nanoTime() + config.retryInterval().toNanos();
                }
            } catch (RuntimeException e) {
                Log.errorf(e, "Audit writer cannot store %d records; they stay in memory and are tried again",
                        batch.size());
                pause();
            }
        }
    }

    /** Spools what the full queue turned away, everything waiting at once so that it costs one fsync. */
    private void spoolOverflow() {
        List<AuditEntry> records = List.of();
        while (running) {
            if (records.isEmpty()) {
                records = nextBatch(overflowBatches);
            }
            try {
                spool(records);
                records = List.of();
            } catch (RuntimeException e) {
                Log.errorf(e, "Audit spool refused %d overflow records; they stay in memory and are tried again",
                        records.size());
                pause();
            }
        }
    }

    /** Appends to the spool; a failure marks the store failing and reaches the caller, which keeps the records. */
    private void spool(List<AuditEntry> records) {
        if (records.isEmpty()) {
            return;
        }
        try {
            spool.append(records);
        } catch (RuntimeException e) {
            storeFailing = true;
            throw e;
        }
        stored(records.size());
    }

    private void stored(int records) {
        if (records > 0) {
            held.addAndGet(-records);
            storeFailing = false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(config.retryInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private List<AuditEntry> nextBatch(AuditBatches<AuditEntry> from) {
        try {
            return from.next(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return List.of();
        }
    }

    /** One transaction; throws when PostgreSQL does not take the batch within the write timeout. */
    private void insert(List<AuditEntry> batch) {
        long start = System.nanoTime();
        repository.write(batch).await().atMost(config.writeTimeout());
        writeDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        written.increment(batch.size());
    }

    private void replaySpool() {
        try {
            if (spool.replay(config.batchSize(), batchWriter::write)) {
                Log.info("Audit spool replayed into PostgreSQL");
            }
        } catch (IOException e) {
            Log.warnf("Audit spool kept: %s", e.toString());
        }
    }
}
