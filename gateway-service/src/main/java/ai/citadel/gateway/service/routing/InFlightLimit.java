package ai.citadel.gateway.service.routing;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Caps the requests in flight to one backend. Waiting holds no thread: a request that finds every slot taken is
 * told when one frees and tries again, until its wait is over.
 * <p>
 * A slot is taken and handed to the work in one synchronous step, never passed on as an item, because Mutiny may
 * drop an item that meets a cancellation, and a dropped slot would be lost for good. The price: a woken request may
 * find its slot taken by a newcomer; it then waits on at the head of the line.
 */
final class InFlightLimit {

    /** Every slot stayed taken: nothing was sent to the backend, so this says nothing about its health. */
    static final class Saturated extends RuntimeException {
        Saturated(String message) {
            super(message, null, false, false);
        }
    }

    /** A taken slot; releasing it again does nothing. */
    final class Slot {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                freed();
            }
        }
    }

    private final int max;
    private int inFlight;
    /** Requests waiting for a slot, next first; at most {@link #max} newcomers, so a flood cannot pile up. */
    private final Deque<UniEmitter<? super Void>> waiting = new ArrayDeque<>();

    InFlightLimit(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max-in-flight must be at least 1: " + max);
        }
        this.max = max;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /**
     * Runs {@code work} in a slot, waiting up to {@code wait} for one. The slot is released when the work fails;
     * otherwise the work releases it once the backend is done with the request (e.g. when the stream it started
     * ends), which may be after its caller has left.
     *
     * @return the work's result, or a failure with {@link Saturated} when no slot came free in time
     */
    <T> Uni<T> run(Duration wait, Function<Slot, Uni<T>> work) {
        return attempt(System.nanoTime() + wait.toNanos(), work, false);
    }

    private <T> Uni<T> attempt(long deadline, Function<Slot, Uni<T>> work, boolean woken) {
        return Uni.createFrom().deferred(() -> {
            Slot slot = tryAcquire();
            if (slot != null) {
                return started(slot, work);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Uni.createFrom().failure(saturated());
            }
            return slotFreed(Duration.ofNanos(left), woken).chain(() -> attempt(deadline, work, true));
        });
    }

    private static <T> Uni<T> started(Slot slot, Function<Slot, Uni<T>> work) {
        Uni<T> running;
        try {
            running = work.apply(slot);
        } catch (RuntimeException e) {
            slot.release();
            throw e;
        }
        return running.onFailure().invoke(slot::release);
    }

    private synchronized Slot tryAcquire() {
        if (inFlight >= max) {
            return null;
        }
        inFlight++;
        return new Slot();
    }

    /** Completes, on the caller's Vert.x context if it has one, when a slot may have come free. */
    private Uni<Void> slotFreed(Duration wait, boolean woken) {
        Context context = Vertx.currentContext();
        Executor onCallersContext = context == null ? Runnable::run
                : task -> context.runOnContext(ignored -> task.run());
        return Uni.createFrom().<Void>emitter(emitter -> {
                    synchronized (this) {
                        if (woken) {
                            waiting.addFirst(emitter);
                        } else if (waiting.size() < max) {
                            waiting.addLast(emitter);
                        } else {
                            emitter.fail(saturated());
                            return;
                        }
                    }
                    emitter.onTermination(() -> {
                        synchronized (this) {
                            waiting.remove(emitter);
                        }
                    });
                })
                .ifNoItem().after(wait).failWith(this::saturated)
                .emitOn(onCallersContext);
    }

    private void freed() {
        UniEmitter<? super Void> next;
        synchronized (this) {
            inFlight--;
            next = waiting.poll();
        }
        if (next != null) {
            next.complete(null);
        }
    }

    private Saturated saturated() {
        return new Saturated(max + " requests in flight, the most it takes");
    }
}
