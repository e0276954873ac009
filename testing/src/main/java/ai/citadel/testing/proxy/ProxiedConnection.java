package ai.citadel.testing.proxy;

import ai.citadel.testing.ConnectionReset;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

/** One client connection and its twin to the target; runs on the proxy's event loop only. */
final class ProxiedConnection {

    private final FaultProxy proxy;
    private final NetSocket clientSocket;
    private NetSocket targetSocket;
    private Direction upstream;
    private Direction downstream;
    private boolean connecting;
    private boolean closed;

    ProxiedConnection(FaultProxy proxy, NetSocket clientSocket) {
        this.proxy = proxy;
        this.clientSocket = clientSocket;
    }

    /** Reads nothing from the client until the target is connected; a held connection waits for release. */
    void open(boolean hold) {
        clientSocket.pause();
        clientSocket.closeHandler(ignored -> {
            if (upstream == null) {
                close();
            } else {
                upstream.sourceClosed();
            }
        });
        if (!hold) {
            connectTarget();
        }
    }

    void hold() {
        clientSocket.pause();
        if (targetSocket != null) {
            targetSocket.pause();
        }
    }

    void release() {
        if (closed) {
            return;
        }
        if (targetSocket == null) {
            connectTarget();
            return;
        }
        clientSocket.resume();
        targetSocket.resume();
    }

    Future<Void> reset() {
        closed = true;
        proxy.forget(this);
        Future<Void> client = ConnectionReset.reset(clientSocket);
        Future<Void> target = targetSocket == null ? Future.succeededFuture() : ConnectionReset.reset(targetSocket);
        return Future.join(client, target).mapEmpty();
    }

    private void connectTarget() {
        if (connecting) {
            return;
        }
        connecting = true;
        proxy.client().connect(proxy.targetPort(), proxy.targetHost()).onComplete(result -> {
            if (result.failed() || closed) {
                if (result.succeeded()) {
                    result.result().close();
                }
                // The target is down: the client learns it the way it would without a proxy, by a reset.
                reset();
                return;
            }
            targetSocket = result.result();
            upstream = new Direction(clientSocket, targetSocket);
            downstream = new Direction(targetSocket, clientSocket);
            targetSocket.closeHandler(ignored -> downstream.sourceClosed());
            if (proxy.holding()) {
                targetSocket.pause();
            } else {
                clientSocket.resume();
            }
        });
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        proxy.forget(this);
        clientSocket.close();
        if (targetSocket != null) {
            targetSocket.close();
        }
    }

    /**
     * Copies one way, holding chunks back by the proxy's delay while keeping their order. When its source closes,
     * the connection closes once the chunks still held back have been written.
     */
    private final class Direction {

        private final NetSocket from;
        private final NetSocket to;
        private long lastReleaseNanos;
        private int held;
        private boolean sourceClosed;

        Direction(NetSocket from, NetSocket to) {
            this.from = from;
            this.to = to;
            from.handler(this::forward);
        }

        void sourceClosed() {
            sourceClosed = true;
            if (held == 0) {
                close();
            }
        }

        private void forward(Buffer chunk) {
            long delayMillis = proxy.delayMillis();
            long now = System.nanoTime();
            if (delayMillis == 0 && held == 0) {
                write(chunk);
                return;
            }
            // Never release before an earlier chunk, even if the delay was shortened meanwhile.
            long releaseNanos = Math.max(now + delayMillis * 1_000_000, lastReleaseNanos);
            lastReleaseNanos = releaseNanos;
            held++;
            proxy.vertx().setTimer(Math.max(1, (releaseNanos - now + 999_999) / 1_000_000), ignored -> {
                held--;
                write(chunk);
                if (sourceClosed && held == 0) {
                    close();
                }
            });
        }

        private void write(Buffer chunk) {
            if (closed) {
                return;
            }
            to.write(chunk);
            if (to.writeQueueFull()) {
                from.pause();
                to.drainHandler(drained -> {
                    if (!proxy.holding()) {
                        from.resume();
                    }
                });
            }
        }
    }
}
