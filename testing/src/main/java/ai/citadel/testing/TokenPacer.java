package ai.citadel.testing;

import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Releases a reply's tokens over time the way a model server does, applying the delays and stream faults of the
 * controls: wait {@code delayBeforeFirstToken}, then one token every {@code delayBetweenTokens}, then the end of the
 * reply, unless a fault cuts the connection or reports an error first. Never blocks the event loop.
 */
public final class TokenPacer {

    private final Vertx vertx;
    private final SimulatorControls controls;

    TokenPacer(Vertx vertx, SimulatorControls controls) {
        this.vertx = vertx;
        this.controls = controls;
    }

    /** Drives {@code sink} through a reply of {@code tokenCount} tokens for the request in {@code ctx}. */
    public void pace(RoutingContext ctx, int tokenCount, TokenSink sink) {
        new Reply(ctx, tokenCount, sink).start();
    }

    /** One reply in progress; all of it runs on the request's event loop. */
    private final class Reply {

        private final RoutingContext ctx;
        private final int tokenCount;
        private final TokenSink sink;
        private final long firstTokenDelayMillis = Durations.timerMillis(controls.delayBeforeFirstToken());
        private final long tokenDelayMillis = Durations.timerMillis(controls.delayBetweenTokens());
        private final StreamFault fault = controls.streamFault();
        private long firstTokenNanos;

        Reply(RoutingContext ctx, int tokenCount, TokenSink sink) {
            this.ctx = ctx;
            this.tokenCount = tokenCount;
            this.sink = sink;
        }

        void start() {
            // Always leave the current handler first: faults then act on flushed output, never mid-read.
            after(firstTokenDelayMillis, () -> emitFrom(0));
        }

        private void emitFrom(int firstIndex) {
            int index = firstIndex;
            while (!ctx.response().closed()) {
                if (faultStrikesAt(index)) {
                    return;
                }
                if (index == tokenCount) {
                    long now = System.nanoTime();
                    sink.complete(new GenerationTiming(arrivalNanos(), index == 0 ? now : firstTokenNanos, now));
                    return;
                }
                if (index == 0) {
                    firstTokenNanos = System.nanoTime();
                }
                sink.token(index++);
                if (tokenDelayMillis > 0 && index < tokenCount) {
                    int next = index;
                    after(tokenDelayMillis, () -> emitFrom(next));
                    return;
                }
            }
        }

        private boolean faultStrikesAt(int index) {
            switch (fault) {
                case StreamFault.Cut cut when cut.afterTokens() == index -> {
                    sink.flushed().onComplete(flushed -> ConnectionReset.reset(ctx.request().connection()));
                    return true;
                }
                case StreamFault.Error error when error.afterTokens() == index -> {
                    sink.fail(error.message());
                    return true;
                }
                default -> {
                    return false;
                }
            }
        }

        private long arrivalNanos() {
            return ctx.get(HttpSimulator.ARRIVAL_NANOS, firstTokenNanos);
        }

        private void after(long millis, Runnable action) {
            if (millis == 0) {
                vertx.runOnContext(ignored -> action.run());
            } else {
                vertx.setTimer(millis, ignored -> action.run());
            }
        }
    }
}
