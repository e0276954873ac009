package ai.citadel.testing.qdrant;

import ai.citadel.testing.Json;
import ai.citadel.testing.VertxFutures;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Qdrant's REST API as documented (https://api.qdrant.tech), the part a vector store adapter uses: create and get a
 * collection ({@code PUT|GET /collections/{name}}), upsert points ({@code PUT /collections/{name}/points}), search
 * ({@code POST .../points/search} and {@code .../points/query}), retrieve a point ({@code GET .../points/{id}}) and
 * delete points ({@code POST .../points/delete}). Point ids must be unsigned integers or UUIDs, as in Qdrant; bodies
 * are {@code {"result": …, "status": "ok", "time": s}}, errors {@code {"status": {"error": "…"}, "time": s}}.
 * <p>
 * {@link #stop()} and {@link #restart()} take the server off and back onto its port (connections refused meanwhile),
 * keeping the stored points, like a Qdrant restart.
 */
public final class QdrantSimulator implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, QdrantCollection> collections = new ConcurrentHashMap<>();
    private final AtomicLong operations = new AtomicLong();
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private int port;
    private HttpServer server;

    private QdrantSimulator(int port) {
        this.port = port;
    }

    /** Starts on {@code port} (0: a free one). */
    public static QdrantSimulator start(int port) {
        QdrantSimulator simulator = new QdrantSimulator(port);
        simulator.listen();
        return simulator;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops listening: calls are refused until {@link #restart()}. Stored points are kept. */
    public synchronized void stop() {
        if (server != null) {
            VertxFutures.await(server.close());
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void restart() {
        if (server == null) {
            listen();
        }
    }

    /** Forgets every collection. */
    public void reset() {
        collections.clear();
        requestCounts.clear();
    }

    /** Points stored in {@code collection}, or -1 when there is no such collection. */
    public int pointsCount(String collection) {
        QdrantCollection found = collections.get(collection);
        return found == null ? -1 : found.pointsCount();
    }

    /** Requests received for a route pattern, e.g. {@code PUT /collections/:name/points}. */
    public int requestCount(String route) {
        AtomicInteger count = requestCounts.get(route);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        stop();
        VertxFutures.await(vertx.close());
    }

    private synchronized void listen() {
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false));
        route(router, "PUT", "/collections/:name", this::createCollection);
        route(router, "GET", "/collections/:name", (ctx, body) -> withCollection(ctx, collection -> ok(ctx,
                collectionInfo(collection))));
        route(router, "PUT", "/collections/:name/points", this::upsert);
        route(router, "POST", "/collections/:name/points/search", this::search);
        route(router, "POST", "/collections/:name/points/query", this::query);
        route(router, "POST", "/collections/:name/points/delete", this::delete);
        route(router, "GET", "/collections/:name/points/:id", this::retrieve);
        router.route().last().handler(ctx -> error(ctx, 404, "Not found"));
        server = VertxFutures.await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(router).listen());
        port = server.actualPort();
    }

    private void route(Router router, String method, String path, BiConsumer<RoutingContext, ObjectNode> handler) {
        String name = method + " " + path;
        router.route(io.vertx.core.http.HttpMethod.valueOf(method), path).handler(ctx -> {
            requestCounts.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
            String text = ctx.body().asString();
            ObjectNode body = Json.object();
            if (text != null && !text.isBlank()) {
                try {
                    JsonNode parsed = Json.parse(text);
                    if (!(parsed instanceof ObjectNode object)) {
                        error(ctx, 400, "Format error in JSON body: expected an object");
                        return;
                    }
                    body = object;
                } catch (JsonProcessingException e) {
                    error(ctx, 400, "Format error in JSON body: " + e.getOriginalMessage());
                    return;
                }
            }
            handler.accept(ctx, body);
        });
    }

    private void createCollection(RoutingContext ctx, ObjectNode body) {
        String name = ctx.pathParam("name");
        JsonNode vectors = body.path("vectors");
        if (!vectors.path("size").canConvertToInt() || vectors.path("size").asInt() < 1
                || !vectors.path("distance").isTextual()) {
            error(ctx, 400, "Wrong input: vectors.size and vectors.distance are required");
            return;
        }
        if (!"Cosine".equals(vectors.path("distance").asText())) {
            error(ctx, 400, "Wrong input: the simulator implements Cosine distance only");
            return;
        }
        if (collections.putIfAbsent(name, new QdrantCollection(vectors.path("size").asInt())) != null) {
            error(ctx, 409, "Wrong input: Collection `" + name + "` already exists!");
            return;
        }
        ok(ctx, JsonNodeFactory.instance.booleanNode(true));
    }

    private void upsert(RoutingContext ctx, ObjectNode body) {
        withCollection(ctx, collection -> {
            long version = operations.incrementAndGet();
            for (JsonNode point : body.path("points")) {
                String id = pointId(point.path("id"));
                if (id == null) {
                    error(ctx, 400, "Format error in JSON body: value " + point.path("id") + " is not a valid point ID, "
                            + "valid values are either an unsigned integer or a UUID");
                    return;
                }
                float[] vector = floats(point.path("vector"));
                if (vector.length != collection.size()) {
                    error(ctx, 400, "Wrong input: Vector dimension error: expected dim: " + collection.size()
                            + ", got " + vector.length);
                    return;
                }
                ObjectNode payload = point.path("payload") instanceof ObjectNode object ? object : Json.object();
                collection.upsert(new QdrantCollection.Point(id, vector, payload, version));
            }
            ok(ctx, operation(version));
        });
    }

    private void search(RoutingContext ctx, ObjectNode body) {
        withCollection(ctx, collection -> {
            ArrayNode result = Json.array();
            hits(ctx, collection, body.path("vector"), body).forEach(result::add);
            if (!ctx.response().ended()) {
                ok(ctx, result);
            }
        });
    }

    /** The universal query API: {@code {"query": [..], "limit", "filter", "with_payload"}} → {@code {"points": [..]}}. */
    private void query(RoutingContext ctx, ObjectNode body) {
        withCollection(ctx, collection -> {
            ObjectNode result = Json.object();
            ArrayNode points = result.putArray("points");
            hits(ctx, collection, body.path("query"), body).forEach(points::add);
            if (!ctx.response().ended()) {
                ok(ctx, result);
            }
        });
    }

    private ArrayNode hits(RoutingContext ctx, QdrantCollection collection, JsonNode vectorNode, ObjectNode body) {
        ArrayNode hits = Json.array();
        float[] vector = floats(vectorNode);
        if (vector.length != collection.size()) {
            error(ctx, 400, "Wrong input: Vector dimension error: expected dim: " + collection.size() + ", got "
                    + vector.length);
            return hits;
        }
        boolean withPayload = body.path("with_payload").asBoolean(false);
        for (QdrantCollection.Hit hit : collection.search(vector, body.path("limit").asInt(10), body.get("filter"))) {
            ObjectNode node = hits.addObject();
            putId(node, hit.point().id());
            node.put("version", hit.point().version()).put("score", hit.score());
            if (withPayload) {
                node.set("payload", hit.point().payload());
            }
        }
        return hits;
    }

    private void delete(RoutingContext ctx, ObjectNode body) {
        withCollection(ctx, collection -> {
            for (JsonNode id : body.path("points")) {
                String parsed = pointId(id);
                if (parsed != null) {
                    collection.delete(parsed);
                }
            }
            ok(ctx, operation(operations.incrementAndGet()));
        });
    }

    private void retrieve(RoutingContext ctx, ObjectNode body) {
        withCollection(ctx, collection -> {
            String id = pointId(JsonNodeFactory.instance.textNode(ctx.pathParam("id")));
            QdrantCollection.Point point = id == null ? null : collection.get(id);
            if (point == null) {
                error(ctx, 404, "Not found: No point with id " + ctx.pathParam("id") + " found");
                return;
            }
            ObjectNode result = Json.object();
            putId(result, point.id());
            result.set("payload", point.payload());
            ArrayNode vector = result.putArray("vector");
            for (float value : point.vector()) {
                vector.add(value);
            }
            ok(ctx, result);
        });
    }

    private void withCollection(RoutingContext ctx, java.util.function.Consumer<QdrantCollection> action) {
        String name = ctx.pathParam("name");
        QdrantCollection collection = collections.get(name);
        if (collection == null) {
            error(ctx, 404, "Not found: Collection `" + name + "` doesn't exist!");
            return;
        }
        action.accept(collection);
    }

    private static ObjectNode collectionInfo(QdrantCollection collection) {
        ObjectNode info = Json.object().put("status", "green").put("optimizer_status", "ok")
                .put("points_count", collection.pointsCount()).put("indexed_vectors_count", 0)
                .put("segments_count", 1);
        info.putObject("config").putObject("params").putObject("vectors")
                .put("size", collection.size()).put("distance", "Cosine");
        info.putObject("payload_schema");
        return info;
    }

    private static ObjectNode operation(long id) {
        return Json.object().put("operation_id", id).put("status", "completed");
    }

    /** An unsigned integer or a UUID, as Qdrant accepts; {@code null} for anything else. */
    private static String pointId(JsonNode id) {
        if (id.isIntegralNumber() && id.asLong() >= 0) {
            return Long.toString(id.asLong());
        }
        if (id.isTextual()) {
            if (id.asText().matches("\\d+")) {
                return id.asText();
            }
            try {
                return UUID.fromString(id.asText()).toString();
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    private static void putId(ObjectNode node, String id) {
        if (id.matches("\\d+")) {
            node.put("id", Long.parseLong(id));
        } else {
            node.put("id", id);
        }
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }

    private static void ok(RoutingContext ctx, JsonNode result) {
        ObjectNode body = Json.object();
        body.set("result", result);
        body.put("status", "ok").put("time", 0.000_1);
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Json.write(body));
    }

    private static void error(RoutingContext ctx, int status, String message) {
        ObjectNode body = Json.object();
        body.putObject("status").put("error", message);
        body.put("time", 0.000_1);
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.write(body));
    }
}
