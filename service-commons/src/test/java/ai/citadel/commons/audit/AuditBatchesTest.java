package ai.citadel.commons.audit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How an audit writer takes its batches: what comes within a flush interval goes in one batch, a writer that is
 * behind does not wait, and one that is stopping takes what is there. The intervals are long, so that a slow machine
 * cannot change what the assertions see; each bound asserted is a fraction of the wait it rules out.
 */
class AuditBatchesTest {

    private static final Duration FLUSH_INTERVAL = Duration.ofMillis(1500);

    private final BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(100);
    private final AuditBatches<Integer> batches = new AuditBatches<>(queue, 5, FLUSH_INTERVAL);

    @Test
    void recordsThatComeOneAfterAnotherWithinTheFlushIntervalAreOneBatch() throws Exception {
        CompletableFuture<List<Integer>> batch = CompletableFuture.supplyAsync(this::nextWaiting);
        queue.put(1);
        Thread.sleep(200);
        queue.put(2);
        queue.put(3);

        assertEquals(List.of(1, 2, 3), batch.get());
    }

    @Test
    void aFullBatchWaitingIsTakenAtOnce() throws Exception {
        fill(12);

        long start = System.nanoTime();
        assertEquals(List.of(1, 2, 3, 4, 5), batches.next(true));
        assertEquals(List.of(6, 7, 8, 9, 10), batches.next(true));
        assertTrue(elapsedSince(start).compareTo(FLUSH_INTERVAL.dividedBy(3)) < 0, "no wait for a full batch");
    }

    @Test
    void aWriterThatTookLongerThanTheFlushIntervalTakesWhatCameWithoutWaiting() throws Exception {
        queue.put(1);
        assertEquals(List.of(1), batches.next(true));
        // the write of that batch takes longer than the flush interval; records come meanwhile
        Thread.sleep(FLUSH_INTERVAL.toMillis() + 100);
        queue.put(2);

        long start = System.nanoTime();
        assertEquals(List.of(2), batches.next(true));
        assertTrue(elapsedSince(start).compareTo(FLUSH_INTERVAL.dividedBy(3)) < 0, "the record had waited its flush interval");
    }

    @Test
    void aStoppingWriterTakesWhatIsThereWithoutWaiting() throws Exception {
        long start = System.nanoTime();
        assertEquals(List.of(), batches.next(false));
        queue.put(1);
        assertEquals(List.of(1), batches.next(false));
        assertTrue(elapsedSince(start).compareTo(FLUSH_INTERVAL.dividedBy(3)) < 0);
    }

    @Test
    void noRecordWithinTheFlushIntervalIsAnEmptyBatch() throws Exception {
        assertEquals(List.of(), batches.next(true));
    }

    private List<Integer> nextWaiting() {
        try {
            return batches.next(true);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private void fill(int records) {
        IntStream.rangeClosed(1, records).forEach(queue::add);
    }

    private static Duration elapsedSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
