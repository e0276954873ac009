package ai.citadel.gateway.service.calls;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffEventLoopTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void workStartedOnAnEventLoopRunsOnAWorkerAndItsResultComesBackToTheEventLoop() throws Exception {
        CompletableFuture<String> workedOn = new CompletableFuture<>();
        CompletableFuture<Boolean> resultOnEventLoop = new CompletableFuture<>();
        Context context = vertx.getOrCreateContext();
        context.runOnContext(ignored -> OffEventLoop.run(() -> {
                    workedOn.complete(Context.isOnWorkerThread() ? "worker" : Thread.currentThread().getName());
                    return "body";
                })
                .subscribe().with(body -> resultOnEventLoop.complete(Context.isOnEventLoopThread()
                        && Vertx.currentContext() == context)));

        assertEquals("worker", workedOn.get(5, TimeUnit.SECONDS));
        assertTrue(resultOnEventLoop.get(5, TimeUnit.SECONDS));
    }

    @Test
    void workStartedOffAnyEventLoopRunsWhereItIs() {
        Thread caller = Thread.currentThread();
        assertEquals(caller, OffEventLoop.run(Thread::currentThread).await().indefinitely());
        assertFalse(Context.isOnEventLoopThread());
    }
}
