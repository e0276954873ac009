package ai.citadel.testing.proxy;

import ai.citadel.testing.Json;
import ai.citadel.testing.VertxFutures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * HTTP switches for a standalone {@link FaultProxy}: {@code POST /_proxy/cut}, {@code /_proxy/blackhole},
 * {@code /_proxy/restore}, {@code /_proxy/delay?ms=N}; {@code GET /_proxy/stats}. Each answers with the stats.
 */
public final class FaultProxyControlServer implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final FaultProxy proxy;
    private final HttpServer server;

    public FaultProxyControlServer(FaultProxy proxy, String host, int port) {
        this.proxy = proxy;
        Router router = Router.router(vertx);
        router.post("/_proxy/cut").blockingHandler(ctx -> switchAndReply(ctx, proxy::cut));
        router.post("/_proxy/blackhole").blockingHandler(ctx -> switchAndReply(ctx, proxy::blackhole));
        router.post("/_proxy/restore").blockingHandler(ctx -> switchAndReply(ctx, proxy::restore));
        router.post("/_proxy/delay").handler(this::delay);
        router.get("/_proxy/stats").handler(this::reply);
        this.server = VertxFutures.await(vertx.createHttpServer().requestHandler(router).listen(port, host));
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        VertxFutures.await(vertx.close());
    }

    /** The proxy's switches wait for their effect, so they run off the event loop. */
    private void switchAndReply(RoutingContext ctx, Runnable change) {
        change.run();
        reply(ctx);
    }

    private void delay(RoutingContext ctx) {
        String millis = ctx.queryParams().get("ms");
        try {
            proxy.delay(Duration.ofMillis(millis == null ? 0 : Long.parseLong(millis)));
        } catch (NumberFormatException e) {
            ctx.response().setStatusCode(400).end("ms must be a whole number of milliseconds");
            return;
        }
        reply(ctx);
    }

    private void reply(RoutingContext ctx) {
        ObjectNode stats = Json.object()
                .put("mode", proxy.mode())
                .put("delayMs", proxy.currentDelay().toMillis())
                .put("connections", proxy.connectionCount())
                .put("acceptedConnections", proxy.acceptedConnectionCount())
                .put("target", proxy.target());
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Json.write(stats));
    }
}
