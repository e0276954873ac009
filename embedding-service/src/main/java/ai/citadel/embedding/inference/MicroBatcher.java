package ai.citadel.embedding.inference;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Dynamic micro-batching, the way TEI does it: concurrent jobs for one model wait in a queue; each worker thread
 * takes the oldest, adds whatever else is queued (waiting at most {@code maxWait} for more) up to
 * {@code maxBatchSize} inputs, makes ONE model call and scatters the outputs back to the jobs. While a call runs,
 * new jobs pile up and form the next, bigger batch, so throughput grows with load without a fixed delay. Jobs are
 * never split: a job larger than {@code maxBatchSize} makes a call of its own (callers chunk big requests).
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    private record Job<I, O>(List<I> inputs, CompletableFuture<List<O>> result, long enqueuedAt) {
    }

    private final BlockingDeque<Job<I, O>> queue = new LinkedBlockingDeque<>();
    private final BatchFunction<I, O> function;
    private final int maxBatchSize;
    private final long maxWaitNanos;
    private final BatchMetrics metrics;
    private final List<Thread> workers = new ArrayList<>();

    /**
     * @param name    names the worker threads, e.g. the model
     * @param workers model calls that may run at once
     */
    public MicroBatcher(String name, BatchFunction<I, O> function, int maxBatchSize, Duration maxWait, int workers,
            BatchMetrics metrics) {
        this.function = function;
        this.maxBatchSize = maxBatchSize;
        this.maxWaitNanos = maxWait.toNanos();
        this.metrics = metrics;
        for (int i = 0; i < workers; i++) {
            this.workers.add(Thread.ofPlatform().daemon().name("batcher-" + name + "-" + i).start(this::work));
        }
    }

    /** Queues {@code inputs} for the next model call; completes on a worker thread. */
    public CompletableFuture<List<O>> submit(List<I> inputs) {
        Job<I, O> job = new Job<>(List.copyOf(inputs), new CompletableFuture<>(), System.nanoTime());
        queue.add(job);
        return job.result();
    }

    /** Jobs waiting for a model call. */
    public int queued() {
        return queue.size();
    }

    private void work() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                run(nextBatch());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Job<I, O>> nextBatch() throws InterruptedException {
        Job<I, O> first = queue.take();
        List<Job<I, O>> batch = new ArrayList<>(List.of(first));
        int size = first.inputs().size();
        long deadline = System.nanoTime() + maxWaitNanos;
        while (size < maxBatchSize) {
            Job<I, O> next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            if (size + next.inputs().size() > maxBatchSize) {
                queue.addFirst(next); // heads the next batch, keeping arrival order
                break;
            }
            batch.add(next);
            size += next.inputs().size();
        }
        return batch;
    }

    private void run(List<Job<I, O>> batch) {
        List<I> inputs = new ArrayList<>();
        long now = System.nanoTime();
        for (Job<I, O> job : batch) {
            inputs.addAll(job.inputs());
            metrics.queueWait().record(now - job.enqueuedAt(), TimeUnit.NANOSECONDS);
        }
        metrics.batchSize().record(inputs.size());
        List<O> outputs;
        try {
            outputs = metrics.inference().recordCallable(() -> function.apply(inputs));
        } catch (Exception | Error e) {
            Log.debugf(e, "model call of %d inputs failed", inputs.size());
            batch.forEach(job -> job.result().completeExceptionally(e));
            return;
        }
        int offset = 0;
        for (Job<I, O> job : batch) {
            int end = offset + job.inputs().size();
            job.result().complete(outputs.subList(offset, end));
            offset = end;
        }
    }

    @Override
    public void close() {
        workers.forEach(Thread::interrupt);
        queue.forEach(job -> job.result().cancel(false));
    }
}
