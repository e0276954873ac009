package ai.citadel.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The HTTP plumbing the simulators share: the server, the {@code /_sim/*} control endpoints, and the pipeline every
 * API request goes through (count and record it, note when its client leaves before the answer ends, hold it while
 * hanging, fail it if armed, parse its JSON).
 */
public abstract class HttpSimulator implements AutoCloseable {

    static final String ARRIVAL_NANOS = "citadel.simulator.arrival-nanos";
    private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

    private final SimulatorSettings settings;
    private final Vertx vertx;
    private final boolean ownsVertx;
    private final ApiErrors errors;
    private final SimulatorControls controls = new SimulatorControls();
    private final TokenPacer pacer;
    private HttpServer server;

    protected HttpSimulator(SimulatorSettings settings, ApiErrors errors) {
        this.settings = settings;
        this.ownsVertx = settings.vertx() == null;
        this.vertx = ownsVertx ? Vertx.vertx() : settings.vertx();
        this.errors = errors;
        this.pacer = new TokenPacer(vertx, controls);
    }

    /** Adds the API's routes, each through {@link #api} or {@link #jsonApi}. */
    protected abstract void registerRoutes(Router router);

    /** A short name for logs and messages, e.g. "Ollama". */
    protected abstract String apiName();

    /** Starts listening; returns once the port is bound. */
    public synchronized HttpSimulator start() {
        if (server != null) {
            throw new IllegalStateException(apiName() + " simulator already started");
        }
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
        ControlsEndpoint.mount(router, controls);
        registerRoutes(router);
        router.route().last().handler(ctx -> errors.send(ctx, 404,
                "no route for " + ctx.request().method() + " " + ctx.normalizedPath()));
        // HTTP/1.1 only: connection faults then mean what they say, one request per connection at a time.
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setPort(settings.port())
                .setHttp2ClearTextEnabled(false);
        server = VertxFutures.await(vertx.createHttpServer(options).requestHandler(router).listen());
        return this;
    }

    public SimulatorControls controls() {
        return controls;
    }

    public int port() {
        requireStarted();
        return server.actualPort();
    }

    /** E.g. {@code http://127.0.0.1:41234}, no trailing slash. */
    public String baseUrl() {
        String host = settings.host();
        String reachable = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + reachable + ":" + port();
    }

    @Override
    public synchronized void close() {
        controls.release();
        if (server != null) {
            VertxFutures.await(server.close());
            server = null;
        }
        if (ownsVertx) {
            VertxFutures.await(vertx.close());
        }
    }

    protected final TokenPacer pacer() {
        return pacer;
    }

    protected final ApiErrors errors() {
        return errors;
    }

    /** Routes an API request through the control pipeline to {@code handler}. */
    protected final void api(Route route, Handler<RoutingContext> handler) {
        route.handler(ctx -> {
            ctx.put(ARRIVAL_NANOS, System.nanoTime());
            controls.recordRequest(recorded(ctx));
            ctx.response().closeHandler(closed -> {
                if (!ctx.response().ended()) {
                    controls.recordAbandoned();
                }
            });
            Context context = vertx.getOrCreateContext();
            Runnable proceed = () -> failOrHandle(ctx, handler);
            if (!controls.holdIfHanging(() -> context.runOnContext(ignored -> proceed.run()))) {
                proceed.run();
            }
        });
    }

    /** As {@link #api}, for requests whose body must be a JSON object; a missing or broken body gets a 400. */
    protected final void jsonApi(Route route, BiConsumer<RoutingContext, ObjectNode> handler) {
        api(route, ctx -> {
            String body = ctx.body().asString();
            if (body == null || body.isBlank()) {
                errors.send(ctx, 400, "missing request body");
                return;
            }
            JsonNode json;
            try {
                json = Json.parse(body);
            } catch (JsonProcessingException e) {
                errors.send(ctx, 400, "invalid JSON body: " + e.getOriginalMessage());
                return;
            }
            if (!(json instanceof ObjectNode object)) {
                errors.send(ctx, 400, "request body must be a JSON object");
                return;
            }
            handler.accept(ctx, object);
        });
    }

    private void failOrHandle(RoutingContext ctx, Handler<RoutingContext> handler) {
        if (ctx.response().closed()) {
            return;
        }
        controls.takeFailure().ifPresentOrElse(failure -> {
            failure.retryAfter().ifPresent(delay -> ctx.response().putHeader(HttpHeaders.RETRY_AFTER,
                    Long.toString((delay.toMillis() + 999) / 1000)));
            errors.send(ctx, failure.status(),
                    "simulated failure: " + failure.status() + " " + HttpResponseStatus.valueOf(failure.status())
                            .reasonPhrase());
        }, () -> handler.handle(ctx));
    }

    private static RecordedRequest recorded(RoutingContext ctx) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ctx.request().headers().forEach(header -> headers
                .computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                .add(header.getValue()));
        String body = ctx.body().asString();
        return new RecordedRequest(ctx.request().method().name(), ctx.normalizedPath(), body == null ? "" : body,
                headers);
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException(apiName() + " simulator not started");
        }
    }
}
