package ai.citadel.embedding.service;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Subscribes to a call on a Vert.x event loop, as a request's handler does, and says where its outcome came. */
final class OnEventLoop {

    /**
     * @param itemOrFailure what the call delivered, or what it threw while subscribing
     * @param subscriber    the event-loop thread that subscribed
     * @param deliverer     the thread that delivered the outcome
     */
    record Outcome(Object itemOrFailure, Thread subscriber, Thread deliverer, boolean deliveredOnEventLoop) {
    }

    private OnEventLoop() {
    }

    static Outcome subscribe(Vertx vertx, Supplier<Uni<?>> call) throws Exception {
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        vertx.runOnContext(ignored -> {
            Thread subscriber = Thread.currentThread();
            try {
                call.get().subscribe().with(
                        item -> outcome.complete(new Outcome(item, subscriber, Thread.currentThread(),
                                Context.isOnEventLoopThread())),
                        failure -> outcome.complete(new Outcome(failure, subscriber, Thread.currentThread(),
                                Context.isOnEventLoopThread())));
            } catch (RuntimeException thrownOnTheEventLoop) {
                outcome.complete(new Outcome(thrownOnTheEventLoop, subscriber, subscriber, true));
            }
        });
        return outcome.get(30, TimeUnit.SECONDS);
    }
}
