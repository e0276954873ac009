package ai.citadel.gateway.service.calls;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Runs a CPU-heavy step of a request (building and serializing a large body) on a worker thread: an event loop
 * serves many connections, and every stream on it would stall meanwhile. The request's Vert.x context goes along, so
 * logs keep its request id, and the result comes back on the event loop.
 */
final class OffEventLoop {

    private OffEventLoop() {
    }

    static <T> Uni<T> run(Supplier<T> work) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return Uni.createFrom().item(work);
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work::get, false).toCompletionStage());
    }
}
