package ai.citadel.commons.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An audit written off the request path (docs/architecture.md#audit): a call is admitted only while the queue has a
 * place for its record, which it holds until it ends and {@link #record records}; one writer thread inserts the records
 * in batches. A batch PostgreSQL does not take (down, or slower than the write timeout) stays with the writer and is
 * tried again, the same records with the same ids, so the sink's {@code ON CONFLICT (id) DO NOTHING} writes each one
 * once even when a write that timed out had in fact committed. While PostgreSQL stays away the places run out and new
 * calls are refused ({@link #tryAdmit} false: the caller answers 503 with {@code Retry-After}) rather than run without
 * their record; memory stays bounded by the capacity plus the writer's batch. A record PostgreSQL refuses for its
 * data is split out of its batch, logged as one JSON line and counted, so it never holds up the others. There is no
 * spool: records still in memory when the application stops while PostgreSQL is away are lost, and counted.
 * <p>
 * Meters, each tagged {@code log=<name>}: {@code citadel_audit_records_queued_total}, {@code _written_total},
 * {@code _rejected_total}, {@code _dropped_total}, {@code citadel_audit_refused_calls_total},
 * {@code citadel_audit_write_failures_total}, {@code citadel_audit_queue_depth},
 * {@code citadel_audit_write_duration}.
 *
 * @param <T> a record, with an id generated when it is made
 */
public final class AuditQueue<T> {

    /** One transactional multi-row insert that skips rows whose id is already there. */
    @FunctionalInterface
    public interface Sink<T> {
        Uni<Void> write(List<T> batch);
    }

    private final String name;
    private final AuditSettings settings;
    private final Sink<T> sink;
    private final ObjectMapper json;
    private final AuditBatchWriter<T> batchWriter;
    private final BlockingQueue<T> queue;
    private final AuditBatches<T> batches;
    /** Places taken: calls admitted and not yet recorded, and records queued; never above the capacity. */
    private final AtomicInteger places = new AtomicInteger();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Counter queued;
    private final Counter written;
    private final Counter rejected;
    private final Counter dropped;
    private final Counter refused;
    private final Counter writeFailures;
    private final Timer writeDuration;
    /** Records the writer holds: the batch being written or waiting to be tried again. */
    private volatile int inHand;
    private volatile boolean running = true;
    private Thread writer;

    /** @param name names the writer thread and tags the meters, e.g. {@code api} */
    public AuditQueue(String name, AuditSettings settings, Sink<T> sink, ObjectMapper json, MeterRegistry metrics) {
        this.name = name;
        this.settings = settings;
        this.sink = sink;
        this.json = json;
        this.batchWriter = new AuditBatchWriter<>(this::insert, this::reject);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.batches = new AuditBatches<>(queue, settings.batchSize(), settings.flushInterval());
        this.queued = counter("citadel_audit_records_queued_total", "Audit records queued for the writer", metrics);
        this.written = counter("citadel_audit_records_written_total", "Audit records written to PostgreSQL", metrics);
        this.rejected = counter("citadel_audit_records_rejected_total",
                "Audit records PostgreSQL refused for their data, logged instead", metrics);
        this.dropped = counter("citadel_audit_records_dropped_total",
                "Audit records lost: no place in the queue, or still unwritten when the application stopped", metrics);
        this.refused = counter("citadel_audit_refused_calls_total",
                "Calls refused (503) because the audit queue had no place for their record", metrics);
        this.writeFailures = counter("citadel_audit_write_failures_total",
                "Batch writes PostgreSQL did not take (down or too slow), tried again", metrics);
        Gauge.builder("citadel_audit_queue_depth", this, AuditQueue::depth).tag("log", name)
                .description("Audit records in memory, waiting to be written").register(metrics);
        this.writeDuration = Timer.builder("citadel_audit_write_duration").tag("log", name)
                .description("Time to write one batch of audit records").publishPercentileHistogram()
                .register(metrics);
    }

    private Counter counter(String meter, String description, MeterRegistry metrics) {
        return Counter.builder(meter).tag("log", name).description(description).register(metrics);
    }

    public void start() {
        writer = Thread.ofPlatform().name("citadel-audit-" + name).daemon().start(this::writeLoop);
    }

    /** Writes what is left, giving PostgreSQL one try: a stop must not wait out an outage. */
    public void stop() throws InterruptedException {
        running = false;
        stopping.countDown();
        writer.join(settings.writeTimeout().multipliedBy(2).plus(settings.flushInterval()).toMillis());
    }

    /**
     * Takes a place for the record of a call about to start; the call must then {@link #record} or {@link #release}
     * exactly once. False, and counted, when no place is left: the caller is refused rather than run unrecorded.
     */
    public boolean tryAdmit() {
        int capacity = settings.queueCapacity();
        if (places.getAndUpdate(taken -> taken < capacity ? taken + 1 : taken) < capacity) {
            return true;
        }
        refused.increment();
        return false;
    }

    /** When a refused caller may try again: the writer's retry interval, in whole seconds. */
    public long retryAfterSeconds() {
        return Math.max(1, (settings.retryInterval().toMillis() + 999) / 1000);
    }

    /** Queues the record of an admitted call in the place it holds; never blocks. */
    public void record(T record) {
        if (queue.offer(record)) {
            queued.increment();
            return;
        }
        places.decrementAndGet();
        dropped.increment();
        Log.errorf("Audit record dropped: the %s audit queue is full (a call recorded without being admitted)", name);
    }

    /** Gives back the place of an admitted call that leaves no record. */
    public void release() {
        places.decrementAndGet();
    }

    private double depth() {
        return queue.size() + inHand;
    }

    private void writeLoop() {
        List<T> batch = List.of();
        while (running || !queue.isEmpty()) {
            if (batch.isEmpty()) {
                batch = nextBatch();
            }
            batch = batchWriter.write(batch);
            inHand = batch.size();
            if (batch.isEmpty()) {
                continue;
            }
            writeFailures.increment();
            if (!running) {
                break;
            }
            pause();
        }
        int lost = batch.size() + queue.size();
        if (lost > 0) {
            dropped.increment(lost);
            Log.errorf("%d audit records lost: PostgreSQL did not take them before the application stopped", lost);
        }
    }

    /** The next batch ({@link AuditBatches#next}), without waiting once stopping. */
    private List<T> nextBatch() {
        List<T> batch = List.of();
        try {
            batch = batches.next(running);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        places.addAndGet(-batch.size());
        inHand = batch.size();
        return batch;
    }

    private void pause() {
        try {
            stopping.await(settings.retryInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** One transaction; throws when PostgreSQL does not take the batch within the write timeout. */
    private void insert(List<T> batch) {
        long start = System.nanoTime();
        sink.write(batch).await().atMost(settings.writeTimeout());
        writeDuration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        written.increment(batch.size());
    }

    private void reject(T record, String reason) {
        rejected.increment();
        String line;
        try {
            line = json.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            line = "(not serializable: " + e.getOriginalMessage() + ")";
        }
        Log.errorf("PostgreSQL refused a %s audit record (%s); the record: %s", name, reason, line);
    }
}
