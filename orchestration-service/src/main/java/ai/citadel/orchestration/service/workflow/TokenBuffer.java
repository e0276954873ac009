package ai.citadel.orchestration.service.workflow;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Collects the text a streaming step receives and stores it as one {@code llm_tokens} event per flush interval, not
 * one per token. Stores run one after the other, so the pieces of text keep their order.
 */
final class TokenBuffer {

    private static final Logger LOG = Logger.getLogger(TokenBuffer.class);

    private final Vertx vertx;
    private final long intervalMillis;
    private final Function<String, Uni<Void>> store;
    private final StringBuilder pending = new StringBuilder();
    private CompletionStage<Void> stored = CompletableFuture.completedFuture(null);
    private boolean scheduled;
    private boolean closed;

    TokenBuffer(Vertx vertx, Duration interval, Function<String, Uni<Void>> store) {
        this.vertx = vertx;
        this.intervalMillis = Math.max(1, interval.toMillis());
        this.store = store;
    }

    synchronized void append(String delta) {
        if (closed || delta == null || delta.isEmpty()) {
            return;
        }
        pending.append(delta);
        if (!scheduled) {
            scheduled = true;
            vertx.setTimer(intervalMillis, timer -> flush());
        }
    }

    /** Stores what is pending; completes once everything appended so far is stored. */
    synchronized Uni<Void> flush() {
        scheduled = false;
        if (!pending.isEmpty()) {
            String text = pending.toString();
            pending.setLength(0);
            stored = stored.thenCompose(previous -> store.apply(text).onFailure().invoke(failure -> LOG.warnf(
                    "Could not store streamed text: %s", failure.getMessage())).onFailure().recoverWithNull()
                    .subscribeAsCompletionStage());
        }
        CompletionStage<Void> all = stored;
        return Uni.createFrom().completionStage(all);
    }

    /** Drops what is pending: the step was cancelled. */
    synchronized void close() {
        closed = true;
        pending.setLength(0);
    }
}
