package ai.citadel.gateway.service.routing;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightLimitTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    /** Work that succeeds at once and holds its slot until the test releases it, as a stream until it ends. */
    private static CompletableFuture<InFlightLimit.Slot> start(InFlightLimit limit, Duration wait) {
        return limit.run(wait, slot -> Uni.createFrom().item(slot)).subscribeAsCompletionStage();
    }

    @Test
    void requestsUpToTheCapRunAtOnceAndTheNextIsRefusedWithoutWaiting() throws Exception {
        InFlightLimit limit = new InFlightLimit(2);
        InFlightLimit.Slot first = start(limit, Duration.ZERO).get(1, TimeUnit.SECONDS);
        start(limit, Duration.ZERO).get(1, TimeUnit.SECONDS);
        assertEquals(2, limit.inFlight());

        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> start(limit, Duration.ZERO).get(1, TimeUnit.SECONDS));
        assertInstanceOf(InFlightLimit.Saturated.class, refused.getCause());

        first.release();
        first.release();
        assertEquals(1, limit.inFlight(), "a second release of one slot frees nothing more");
        start(limit, Duration.ZERO).get(1, TimeUnit.SECONDS);
        assertEquals(2, limit.inFlight());
    }

    @Test
    void aWaitingRequestRunsAsSoonAsASlotIsFreed() throws Exception {
        InFlightLimit limit = new InFlightLimit(1);
        InFlightLimit.Slot running = start(limit, Duration.ZERO).get(1, TimeUnit.SECONDS);
        CompletableFuture<InFlightLimit.Slot> waiting = start(limit, LONG);
        Thread.sleep(100);
        assertFalse(waiting.isDone());

        running.release();
        waiting.get(1, TimeUnit.SECONDS);
        assertEquals(1, limit.inFlight());
    }

    @Test
    void aWaitIsBoundedAndRefusedAfterIt() {
        InFlightLimit limit = new InFlightLimit(1);
        start(limit, Duration.ZERO).join();
        long before = System.nanoTime();
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> start(limit, Duration.ofMillis(200)).get(5, TimeUnit.SECONDS));
        long waitedMillis = (System.nanoTime() - before) / 1_000_000;
        assertInstanceOf(InFlightLimit.Saturated.class, refused.getCause());
        assertTrue(waitedMillis >= 190 && waitedMillis < 2000, "waited " + waitedMillis + " ms");
        assertEquals(1, limit.inFlight());
    }

    @Test
    void noMoreNewcomersWaitThanMayBeInFlight() throws Exception {
        InFlightLimit limit = new InFlightLimit(1);
        InFlightLimit.Slot running = start(limit, Duration.ZERO).get(1, TimeUnit.SECONDS);
        CompletableFuture<InFlightLimit.Slot> waiting = start(limit, LONG);
        long before = System.nanoTime();
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> start(limit, LONG).get(1, TimeUnit.SECONDS));
        assertInstanceOf(InFlightLimit.Saturated.class, refused.getCause());
        assertTrue(System.nanoTime() - before < TimeUnit.SECONDS.toNanos(1), "refused without waiting");

        running.release();
        waiting.get(1, TimeUnit.SECONDS);
    }

    @Test
    void aCancelledWaiterTakesNoSlotAndLeavesItsPlace() throws Exception {
        InFlightLimit limit = new InFlightLimit(1);
        InFlightLimit.Slot running = start(limit, Duration.ZERO).get(1, TimeUnit.SECONDS);
        AtomicInteger started = new AtomicInteger();
        Cancellable gone = limit.run(LONG, slot -> {
            started.incrementAndGet();
            return Uni.createFrom().item(slot);
        }).subscribe().with(slot -> { });
        gone.cancel();
        CompletableFuture<InFlightLimit.Slot> next = start(limit, LONG);

        running.release();
        next.get(1, TimeUnit.SECONDS);
        assertEquals(0, started.get());
        assertEquals(1, limit.inFlight());
    }

    @Test
    void workThatFailsGivesItsSlotBackAndCancelledWorkKeepsItUntilItReleasesIt() {
        InFlightLimit limit = new InFlightLimit(1);
        assertThrows(ExecutionException.class, () -> limit.run(Duration.ZERO,
                slot -> Uni.createFrom().failure(new IllegalStateException("backend down")))
                .subscribeAsCompletionStage().get(1, TimeUnit.SECONDS));
        assertEquals(0, limit.inFlight());

        assertThrows(IllegalStateException.class, () -> limit.run(Duration.ZERO, slot -> {
            throw new IllegalStateException("bad request");
        }).await().atMost(LONG));
        assertEquals(0, limit.inFlight());

        // as a backend request that runs on after its caller left: the slot is the work's until it is done
        AtomicReference<InFlightLimit.Slot> held = new AtomicReference<>();
        Cancellable cancelled = limit.run(Duration.ZERO, slot -> {
            held.set(slot);
            return Uni.createFrom().nothing();
        }).subscribe().with(ignored -> { });
        cancelled.cancel();
        assertEquals(1, limit.inFlight());
        held.get().release();
        assertEquals(0, limit.inFlight());
    }

    @Test
    void manyConcurrentRequestsNeverExceedTheCapAndLeaveNoSlotTaken() throws Exception {
        InFlightLimit limit = new InFlightLimit(4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CompletableFuture<?>[] all = new CompletableFuture<?>[200];
        for (int i = 0; i < all.length; i++) {
            all[i] = limit.run(LONG, slot -> Uni.createFrom().item(slot)
                            .invoke(() -> most.accumulateAndGet(running.incrementAndGet(), Math::max))
                            .onItem().delayIt().by(Duration.ofMillis(2))
                            .invoke(done -> {
                                running.decrementAndGet();
                                served.incrementAndGet();
                                done.release();
                            }))
                    .onFailure(InFlightLimit.Saturated.class).invoke(refused::incrementAndGet)
                    .onFailure(InFlightLimit.Saturated.class).recoverWithNull()
                    .subscribeAsCompletionStage();
        }
        CompletableFuture.allOf(all).get(30, TimeUnit.SECONDS);
        assertTrue(most.get() <= 4, "at most 4 ran at once: " + most.get());
        assertEquals(200, served.get() + refused.get());
        assertTrue(served.get() >= 8, "the 4 running and the 4 waiting were served: " + served.get());
        assertEquals(0, limit.inFlight());
    }
}
