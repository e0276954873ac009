package ai.citadel.embedding.inference;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Dynamic micro-batching, the way TEI does it: concurrent jobs for one model wait in a queue; each worker thread
 * takes the oldest, adds whatever else is queued (waiting at most {@code maxWait} for more) up to
 * {@code maxBatchSize} inputs, makes ONE model call and scatters the outputs back to the jobs. While a call runs,
 * new jobs pile up and form the next, bigger batch, so throughput grows with load without a fixed delay. Jobs are
 * never split: a job larger than {@code maxBatchSize} makes a call of its own (callers chunk big requests).
 * <p>
 * Bounded: a request is refused at once ({@link BatcherOverloadedException}) while {@code maxQueued} inputs wait,
 * a job still queued after {@code maxQueueTime} fails, and a job whose future is cancelled (its caller left) is
 * dropped unless its model call has started.
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

    /**
     * @param maxBatchSize most inputs in one model call
     * @param maxWait      how long a batch waits for more jobs once it has one
     * @param workers      model calls that may run at once
     * @param maxQueued    inputs that may wait; jobs are admitted while fewer wait, so one large request still fits
     * @param maxQueueTime how long a job may wait for its model call
     */
    public record Settings(int maxBatchSize, Duration maxWait, int workers, int maxQueued, Duration maxQueueTime) {
    }

    /** One caller's inputs. Compared by identity: a cancelled or expired job is removed from the queue by it. */
    private static final class Job<I, O> {
        private final List<I> inputs;
        private final CompletableFuture<List<O>> result = new CompletableFuture<>();
        private final long enqueuedAt = System.nanoTime();

        private Job(List<I> inputs) {
            this.inputs = List.copyOf(inputs);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition jobsQueued = lock.newCondition();
    /** Guarded by {@link #lock}, as is {@link #queuedInputs}. */
    private final ArrayDeque<Job<I, O>> queue = new ArrayDeque<>();
    private int queuedInputs;
    private final String name;
    private final BatchFunction<I, O> function;
    private final Settings settings;
    private final BatchMetrics metrics;
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService deadlines;

    /** @param name names the worker threads and messages, e.g. the model */
    public MicroBatcher(String name, BatchFunction<I, O> function, Settings settings, BatchMetrics metrics) {
        this.name = name;
        this.function = function;
        this.settings = settings;
        this.metrics = metrics;
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("batcher-" + name + "-deadlines").factory());
        // a finished job's deadline leaves the timer at once rather than holding the job until it passes
        timer.setRemoveOnCancelPolicy(true);
        this.deadlines = Executors.unconfigurableScheduledExecutorService(timer);
        for (int i = 0; i < settings.workers(); i++) {
            this.workers.add(Thread.ofPlatform().daemon().name("batcher-" + name + "-" + i).start(this::work));
        }
    }

    /** Queues {@code inputs} as one job; see {@link #submitAll(List)}. */
    public CompletableFuture<List<O>> submit(List<I> inputs) {
        return submitAll(List.of(inputs)).getFirst();
    }

    /**
     * Queues each of {@code jobs} for the next model calls, all or none; the futures complete on a worker thread.
     * Cancelling a future drops its job unless its model call has started.
     *
     * @throws BatcherOverloadedException when {@code maxQueued} inputs are waiting already
     */
    public List<CompletableFuture<List<O>>> submitAll(List<List<I>> jobs) {
        List<Job<I, O>> admitted = jobs.stream().map(inputs -> new Job<I, O>(inputs)).toList();
        lock.lock();
        try {
            if (queuedInputs >= settings.maxQueued()) {
                metrics.queueFull().increment();
                throw new BatcherOverloadedException(BatcherOverloadedException.Reason.QUEUE_FULL,
                        name + " is busy: " + queuedInputs + " texts are waiting for the model; retry later");
            }
            for (Job<I, O> job : admitted) {
                queue.addLast(job);
                queuedInputs += job.inputs.size();
            }
            jobsQueued.signalAll();
        } finally {
            lock.unlock();
        }
        admitted.forEach(this::watch);
        return admitted.stream().map(job -> job.result).toList();
    }

    /** Fails the job at its deadline unless it left the queue; drops it when its caller cancels. */
    private void watch(Job<I, O> job) {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> expire(job), settings.maxQueueTime().toNanos(),
                TimeUnit.NANOSECONDS);
        job.result.whenComplete((outputs, failure) -> {
            deadline.cancel(false);
            if (failure instanceof CancellationException) {
                dequeue(job);
            }
        });
    }

    private void expire(Job<I, O> job) {
        if (dequeue(job)) {
            metrics.queueTimeout().increment();
            job.result.completeExceptionally(new BatcherOverloadedException(
                    BatcherOverloadedException.Reason.QUEUE_TIMEOUT, name + " is busy: the texts waited "
                    + settings.maxQueueTime().toMillis() + " ms for the model without their turn; retry later"));
        }
    }

    /** Takes the job out of the queue; {@code false} when a worker took it already. */
    private boolean dequeue(Job<I, O> job) {
        lock.lock();
        try {
            boolean removed = queue.removeIf(queued -> queued == job);
            if (removed) {
                queuedInputs -= job.inputs.size();
            }
            return removed;
        } finally {
            lock.unlock();
        }
    }

    /** Jobs waiting for a model call. */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
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
        lock.lock();
        try {
            while (queue.isEmpty()) {
                jobsQueued.await();
            }
            List<Job<I, O>> batch = new ArrayList<>(List.of(take()));
            int size = batch.getFirst().inputs.size();
            long deadline = System.nanoTime() + settings.maxWait().toNanos();
            while (size < settings.maxBatchSize()) {
                Job<I, O> next = queue.peekFirst();
                if (next == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    jobsQueued.awaitNanos(left);
                    continue;
                }
                if (size + next.inputs.size() > settings.maxBatchSize()) {
                    break; // heads the next batch, keeping arrival order
                }
                batch.add(take());
                size += next.inputs.size();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    private Job<I, O> take() {
        Job<I, O> job = queue.pollFirst();
        queuedInputs -= job.inputs.size();
        return job;
    }

    private void run(List<Job<I, O>> taken) {
        // callers that left while the batch formed are not computed
        List<Job<I, O>> batch = taken.stream().filter(job -> !job.result.isDone()).toList();
        if (batch.isEmpty()) {
            return;
        }
        List<I> inputs = new ArrayList<>();
        long now = System.nanoTime();
        for (Job<I, O> job : batch) {
            inputs.addAll(job.inputs);
            metrics.queueWait().record(now - job.enqueuedAt, TimeUnit.NANOSECONDS);
        }
        metrics.batchSize().record(inputs.size());
        List<O> outputs;
        try {
            outputs = metrics.inference().recordCallable(() -> function.apply(inputs));
        } catch (Exception | Error e) {
            Log.debugf(e, "model call of %d inputs failed", inputs.size());
            batch.forEach(job -> job.result.completeExceptionally(e));
            return;
        }
        int offset = 0;
        for (Job<I, O> job : batch) {
            int end = offset + job.inputs.size();
            job.result.complete(outputs.subList(offset, end));
            offset = end;
        }
    }

    @Override
    public void close() {
        workers.forEach(Thread::interrupt);
        deadlines.shutdownNow();
        List<Job<I, O>> left;
        lock.lock();
        try {
            left = List.copyOf(queue);
            queue.clear();
            queuedInputs = 0;
        } finally {
            lock.unlock();
        }
        left.forEach(job -> job.result.cancel(false));
    }
}
