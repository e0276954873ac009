package ai.citadel.commons.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How an audit writer takes its batches from its queue (docs/architecture.md#audit): each batch is every record that
 * came since the last one was taken, up to {@code max}, taken no sooner than one flush interval after the last. At a
 * low rate a writer that took each record at once wrote each in a transaction of its own, which cost PostgreSQL more
 * CPU than the request it records (bench/README.md#gateway-benchgateway); at a high rate, when a write takes longer
 * than the flush interval, the writer does not wait at all. No record waits longer than the flush interval plus a
 * write. The writer sleeps rather than polls for each record, so no producer has to wake it per record.
 *
 * @param <T> a record
 */
public final class AuditBatches<T> {

    private final BlockingQueue<T> queue;
    private final int max;
    private final long flushIntervalNanos;
    /** Every record in the queue came after this moment. */
    private long lastTaken = System.nanoTime();

    public AuditBatches(BlockingQueue<T> queue, int max, Duration flushInterval) {
        this.queue = queue;
        this.max = max;
        this.flushIntervalNanos = flushInterval.toNanos();
    }

    /**
     * Waits up to the flush interval for a first record, then until one flush interval has passed since the last batch
     * was taken (unless a full batch is waiting), and takes up to {@code max} records.
     *
     * @param mayWait false once the writer is stopping: it takes what is there without waiting
     * @return none when none came within the flush interval
     */
    public List<T> next(boolean mayWait) throws InterruptedException {
        T first = mayWait ? queue.poll(flushIntervalNanos, TimeUnit.NANOSECONDS) : queue.poll();
        if (first == null) {
            lastTaken = System.nanoTime();
            return List.of();
        }
        long fillFor = lastTaken + flushIntervalNanos - System.nanoTime();
        if (mayWait && fillFor > 0 && queue.size() < max - 1) {
            TimeUnit.NANOSECONDS.sleep(fillFor);
        }
        List<T> batch = new ArrayList<>();
        batch.add(first);
        queue.drainTo(batch, max - 1);
        lastTaken = System.nanoTime();
        return batch;
    }
}
