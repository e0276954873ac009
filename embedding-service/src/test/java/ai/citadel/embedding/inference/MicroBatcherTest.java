package ai.citadel.embedding.inference;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batcher's bounds: a full queue refuses at once, a job past its deadline fails, a cancelled job is dropped. */
class MicroBatcherTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BatchMetrics metrics = BatchMetrics.of(registry, "test");
    /** Every model call's inputs, in order. */
    private final List<List<String>> calls = new CopyOnWriteArrayList<>();
    /** Model calls wait for a permit: the test decides when the one worker is free again. */
    private final Semaphore permits = new Semaphore(0);
    private final CountDownLatch firstCallStarted = new CountDownLatch(1);
    private MicroBatcher<String, String> batcher;

    private MicroBatcher<String, String> batcher(int maxQueued, Duration maxQueueTime) {
        batcher = new MicroBatcher<>("test", inputs -> {
            calls.add(inputs);
            firstCallStarted.countDown();
            permits.acquire();
            return inputs.stream().map(String::toUpperCase).toList();
        }, new MicroBatcher.Settings(8, Duration.ofMillis(1), 1, maxQueued, maxQueueTime), metrics);
        return batcher;
    }

    @AfterEach
    void close() {
        permits.release(100);
        batcher.close();
    }

    /** A job the one worker is busy with, so that the next ones wait in the queue. */
    private CompletableFuture<List<String>> occupyTheWorker() throws InterruptedException {
        CompletableFuture<List<String>> running = batcher.submit(List.of("running"));
        assertTrue(firstCallStarted.await(5, TimeUnit.SECONDS));
        return running;
    }

    @Test
    void queuedJobsShareOneModelCall() throws Exception {
        batcher(100, Duration.ofSeconds(10));
        CompletableFuture<List<String>> running = occupyTheWorker();
        CompletableFuture<List<String>> a = batcher.submit(List.of("a", "b"));
        CompletableFuture<List<String>> c = batcher.submit(List.of("c"));
        permits.release(2);
        assertEquals(List.of("RUNNING"), running.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("A", "B"), a.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("C"), c.get(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of("running"), List.of("a", "b", "c")), calls);
    }

    @Test
    void fullQueueRefusesAtOnceAndAdmitsAllOrNone() throws Exception {
        batcher(3, Duration.ofSeconds(10));
        occupyTheWorker();
        CompletableFuture<List<String>> waiting = batcher.submit(List.of("a", "b"));
        // 2 of 3 texts wait: a request still gets in whole, even past the bound
        List<CompletableFuture<List<String>>> admitted = batcher.submitAll(List.of(List.of("c"), List.of("d")));
        assertEquals(3, batcher.queued());

        BatcherOverloadedException refused = assertThrows(BatcherOverloadedException.class,
                () -> batcher.submitAll(List.of(List.of("e"), List.of("f"))));
        assertEquals(BatcherOverloadedException.Reason.QUEUE_FULL, refused.reason());
        assertEquals(3, batcher.queued(), "none of a refused request's jobs is queued");
        assertEquals(1, metrics.queueFull().count());

        permits.release(10);
        assertEquals(List.of("A", "B"), waiting.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("D"), admitted.get(1).get(5, TimeUnit.SECONDS));
        assertTrue(calls.stream().flatMap(List::stream).noneMatch(input -> input.equals("e") || input.equals("f")));
    }

    @Test
    void jobPastItsDeadlineFailsWithoutAModelCall() throws Exception {
        batcher(100, Duration.ofMillis(200));
        occupyTheWorker();
        CompletableFuture<List<String>> late = batcher.submit(List.of("late"));

        ExecutionException failure = assertThrows(ExecutionException.class, () -> late.get(5, TimeUnit.SECONDS));
        BatcherOverloadedException overloaded = assertInstanceOf(BatcherOverloadedException.class, failure.getCause());
        assertEquals(BatcherOverloadedException.Reason.QUEUE_TIMEOUT, overloaded.reason());
        assertEquals(0, batcher.queued());
        assertEquals(1, metrics.queueTimeout().count());

        permits.release(10);
        assertEquals(List.of("NEXT"), batcher.submit(List.of("next")).get(5, TimeUnit.SECONDS));
        assertTrue(calls.stream().flatMap(List::stream).noneMatch("late"::equals));
    }

    @Test
    void cancelledJobIsDroppedBeforeItsModelCall() throws Exception {
        batcher(100, Duration.ofSeconds(10));
        occupyTheWorker();
        CompletableFuture<List<String>> abandoned = batcher.submit(List.of("abandoned"));
        assertEquals(1, batcher.queued());

        abandoned.cancel(false);
        assertEquals(0, batcher.queued(), "the cancelled job leaves the queue at once");

        permits.release(10);
        assertEquals(List.of("NEXT"), batcher.submit(List.of("next")).get(5, TimeUnit.SECONDS));
        assertTrue(calls.stream().flatMap(List::stream).noneMatch("abandoned"::equals), "calls: " + calls);
        assertThrows(CancellationException.class, abandoned::join);
    }
}
