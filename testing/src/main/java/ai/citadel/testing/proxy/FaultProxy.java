package ai.citadel.testing.proxy;

import ai.citadel.testing.ConnectionReset;
import ai.citadel.testing.Durations;
import ai.citadel.testing.VertxFutures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A TCP proxy that can be told to fail: put it between a service and PostgreSQL, Redis or an HTTP backend, then take
 * the backend away and bring it back while the service runs.
 *
 * <ul>
 *   <li>{@link #cut()}: resets every open connection and resets new ones as soon as they are accepted.</li>
 *   <li>{@link #blackhole()}: connections stay open but nothing moves either way (a hang, not an error); new ones
 *       are accepted and left waiting. Nothing is lost: bytes wait in the socket buffers.</li>
 *   <li>{@link #delay(Duration)}: every chunk is held back this long, in order.</li>
 *   <li>{@link #restore()}: back to plain forwarding, without delay; held connections proceed.</li>
 * </ul>
 *
 * Every switch has taken effect when it returns. All socket work runs on one Vert.x event loop, so the proxy's
 * state needs no locking.
 */
public final class FaultProxy implements AutoCloseable {

    enum Mode {
        FORWARDING,
        CUT,
        BLACKHOLE
    }

    private final String listenHost;
    private final int requestedPort;
    private final String targetHost;
    private final int targetPort;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile Mode mode = Mode.FORWARDING;
    private volatile long delayMillis;
    private Context context;
    private NetServer server;
    private NetClient client;

    private FaultProxy(Builder builder) {
        this.listenHost = builder.listenHost;
        this.requestedPort = builder.listenPort;
        this.targetHost = builder.targetHost;
        this.targetPort = builder.targetPort;
        this.ownsVertx = builder.vertx == null;
        this.vertx = ownsVertx ? Vertx.vertx() : builder.vertx;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A started proxy on a free port of 127.0.0.1 in front of {@code targetHost:targetPort}. */
    public static FaultProxy start(String targetHost, int targetPort) {
        return builder().target(targetHost, targetPort).start();
    }

    private FaultProxy listen() {
        context = vertx.getOrCreateContext();
        client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true));
        server = VertxFutures.await(onContext(() -> vertx
                .createNetServer(new NetServerOptions().setHost(listenHost).setPort(requestedPort).setTcpNoDelay(true))
                .connectHandler(this::accept)
                .listen()));
        return this;
    }

    public int port() {
        return server.actualPort();
    }

    public String host() {
        return listenHost.equals("0.0.0.0") ? "127.0.0.1" : listenHost;
    }

    /** {@code host:port} of what the proxy forwards to. */
    public String target() {
        return targetHost + ":" + targetPort;
    }

    /** Resets all connections and every new one until {@link #restore()}. */
    public void cut() {
        mode = Mode.CUT;
        awaitOnContext(() -> Future.join(connections.stream().map(ProxiedConnection::reset).toList()).mapEmpty());
    }

    /** Holds all traffic, open and new connections alike, until {@link #restore()}. */
    public void blackhole() {
        mode = Mode.BLACKHOLE;
        awaitOnContext(() -> {
            connections.forEach(ProxiedConnection::hold);
            return Future.succeededFuture();
        });
    }

    /** Adds {@code delay} before each chunk in either direction; {@link Duration#ZERO} removes it. */
    public void delay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
        delayMillis = Durations.timerMillis(delay);
    }

    /** Plain forwarding again: no cut, no blackhole, no delay. Held connections continue where they stopped. */
    public void restore() {
        mode = Mode.FORWARDING;
        delayMillis = 0;
        awaitOnContext(() -> {
            connections.forEach(ProxiedConnection::release);
            return Future.succeededFuture();
        });
    }

    /** Client connections open now. */
    public int connectionCount() {
        return connections.size();
    }

    /** Client connections accepted since start, refused ones included. */
    public int acceptedConnectionCount() {
        return accepted.get();
    }

    /** "forwarding", "cut" or "blackhole". */
    public String mode() {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    public Duration currentDelay() {
        return Duration.ofMillis(delayMillis);
    }

    @Override
    public void close() {
        if (server != null) {
            awaitOnContext(() -> {
                connections.forEach(ProxiedConnection::reset);
                return Future.join(List.of(server.close(), client.close())).mapEmpty();
            });
            server = null;
        }
        if (ownsVertx) {
            VertxFutures.await(vertx.close());
        }
    }

    // --- on the proxy's event loop ----------------------------------------------------------------------------------

    private void accept(NetSocket clientSocket) {
        accepted.incrementAndGet();
        if (mode == Mode.CUT) {
            ConnectionReset.reset(clientSocket);
            return;
        }
        ProxiedConnection connection = new ProxiedConnection(this, clientSocket);
        connections.add(connection);
        connection.open(mode == Mode.BLACKHOLE);
    }

    Vertx vertx() {
        return vertx;
    }

    NetClient client() {
        return client;
    }

    String targetHost() {
        return targetHost;
    }

    int targetPort() {
        return targetPort;
    }

    long delayMillis() {
        return delayMillis;
    }

    boolean holding() {
        return mode == Mode.BLACKHOLE;
    }

    void forget(ProxiedConnection connection) {
        connections.remove(connection);
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(ignored -> {
            try {
                action.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    private void awaitOnContext(Supplier<Future<Void>> action) {
        if (Context.isOnEventLoopThread()) {
            onContext(action);
        } else {
            VertxFutures.await(onContext(action));
        }
    }

    /** Where the proxy listens and what it forwards to. */
    public static final class Builder {

        private String listenHost = "127.0.0.1";
        private int listenPort;
        private String targetHost = "127.0.0.1";
        private int targetPort = -1;
        private Vertx vertx;

        private Builder() {
        }

        public Builder listenHost(String host) {
            this.listenHost = host;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder listenPort(int port) {
            this.listenPort = port;
            return this;
        }

        public Builder target(String host, int port) {
            this.targetHost = host;
            this.targetPort = port;
            return this;
        }

        /** {@code host:port}. */
        public Builder target(String hostAndPort) {
            int colon = hostAndPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("target must be host:port, got " + hostAndPort);
            }
            return target(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        }

        /** Runs on this Vert.x instance instead of one of its own; the proxy then leaves it open on close. */
        public Builder vertx(Vertx vertx) {
            this.vertx = vertx;
            return this;
        }

        public FaultProxy start() {
            if (targetPort < 0) {
                throw new IllegalStateException("a proxy needs a target");
            }
            return new FaultProxy(this).listen();
        }
    }
}
