package ai.citadel.management.service.system;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SingleFlightTest {

    @Test
    void callersThatArriveDuringARunShareIt() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        SingleFlight<Integer> flight = new SingleFlight<>(() -> {
            started.countDown();
            await(release);
            return runs.incrementAndGet();
        });

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(flight::get, threads);
            assertTrue(started.await(5, TimeUnit.SECONDS));
            List<CompletableFuture<Integer>> others = IntStream.range(0, 7)
                    .mapToObj(i -> CompletableFuture.supplyAsync(flight::get, threads)).toList();
            // the others are waiting on the first run (or about to join it)
            Thread.sleep(300);
            release.countDown();

            assertEquals(1, first.join());
            others.forEach(other -> assertEquals(1, other.join()));
        }
        assertEquals(1, runs.get());
        // the next caller starts a run of its own
        assertEquals(2, flight.get());
    }

    @Test
    void aFailedRunFailsItsCallersAndLeavesTheNextFree() {
        AtomicInteger calls = new AtomicInteger();
        SingleFlight<String> flight = new SingleFlight<>(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("broken");
            }
            return "fine";
        });

        assertThrows(RuntimeException.class, flight::get);
        assertEquals("fine", flight.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
