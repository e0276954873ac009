package ai.citadel.commons.http;

import ai.citadel.commons.rest.RequestIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;
import io.vertx.mutiny.core.parsetools.RecordParser;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP to one service whose answers stream: POST a JSON body and read the answer line by line (NDJSON, or the lines
 * of server-sent events), with backpressure (the connection is read only as fast as lines are requested) and
 * cancellation at any moment, before the answer's head too: cancelling resets the request, so the service stops
 * working on it. (The REST client cannot abort a streamed request whose head has not arrived.)
 */
public final class StreamingHttpClient {

    private final URI baseUrl;
    private final Optional<String> authorization;
    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions poolOptions;
    private final HttpClient client;
    /**
     * With a pool per event loop, each event loop's own client (null otherwise): a connection is created on the
     * event loop that asked for it, but a shared pool lends it to any, and then every write and every chunk read
     * crosses between two threads, a wake-up each.
     */
    private final Map<Thread, HttpClient> eventLoopClients;
    /** Probes have a connection of their own: a pool full of long streams must not make the service look down. */
    private final HttpClient probeClient;
    private final ObjectMapper json;

    /**
     * @param authorization     the {@code Authorization} header of every request, if any
     * @param idleTimeout       a connection silent this long is closed, which breaks a stalled stream
     * @param poolSize          connections kept to the service; requests beyond them wait for one
     * @param poolPerEventLoop  each event loop keeps up to {@code poolSize} connections of its own, so that a
     *                          request's I/O stays on the thread that serves it; the caller then bounds the requests
     *                          in flight. Requests from other threads share one pool.
     */
    public StreamingHttpClient(Vertx vertx, ObjectMapper json, URI baseUrl, Optional<String> authorization,
                               Duration connectTimeout, Duration idleTimeout, int poolSize,
                               boolean poolPerEventLoop) {
        // a trailing slash keeps a base path such as http://host/v1 when resolving relative paths
        this.baseUrl = baseUrl.toString().endsWith("/") ? baseUrl : URI.create(baseUrl + "/");
        this.authorization = authorization;
        this.json = json;
        this.vertx = vertx;
        this.options = new HttpClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setIdleTimeout((int) idleTimeout.toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setKeepAlive(true);
        this.poolOptions = new PoolOptions().setHttp1MaxSize(poolSize);
        this.client = vertx.createHttpClient(options, poolOptions);
        this.eventLoopClients = poolPerEventLoop ? new ConcurrentHashMap<>() : null;
        this.probeClient = vertx.createHttpClient(options, new PoolOptions().setHttp1MaxSize(1));
    }

    /**
     * The answer's lines, without terminators; fails with {@link HttpStatusException} on a non-2xx answer.
     *
     * @param path      relative to the base URL
     * @param requestId sent as {@code X-Request-Id}, or null for none
     */
    public Multi<String> postForLines(String path, Object body, String requestId) {
        return Multi.createFrom().deferred(() -> {
            AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
            return send(client(), HttpMethod.POST, path, body, requestId, sent)
                    .onItem().transformToMulti(response -> RecordParser.newDelimited("\n", response).toMulti())
                    .map(line -> stripCarriageReturn(line.toString()))
                    .onCancellation().invoke(() -> {
                        HttpClientRequest request = sent.get();
                        if (request != null) {
                            request.reset();
                        }
                    });
        });
    }

    /** A GET whose 2xx answer body is discarded: the cheap health probe. */
    public Uni<Void> probe(String path, Duration timeout) {
        return send(probeClient, HttpMethod.GET, path, null, null, new AtomicReference<>())
                .onItem().transformToUni(HttpClientResponse::body)
                .replaceWithVoid()
                .ifNoItem().after(timeout).fail();
    }

    /** The calling event loop's own client, with a pool per event loop; the shared one otherwise. */
    private HttpClient client() {
        if (eventLoopClients == null || !Context.isOnEventLoopThread()) {
            return client;
        }
        return eventLoopClients.computeIfAbsent(Thread.currentThread(),
                eventLoop -> vertx.createHttpClient(options, poolOptions));
    }

    private Uni<HttpClientResponse> send(HttpClient client, HttpMethod method, String path, Object body,
                                         String requestId, AtomicReference<HttpClientRequest> sent) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setAbsoluteURI(baseUrl.resolve(path).toString())
                .putHeader("Accept", "application/json, application/x-ndjson, text/event-stream");
        authorization.ifPresent(value -> options.putHeader("Authorization", value));
        if (requestId != null) {
            options.putHeader(RequestIds.HEADER, requestId);
        }
        return open(client, options)
                .onItem().transformToUni(request -> {
                    sent.set(request);
                    if (body == null) {
                        return request.send();
                    }
                    request.putHeader("Content-Type", "application/json");
                    return request.send(Buffer.buffer(serialize(body)));
                })
                .onItem().transformToUni(StreamingHttpClient::requireSuccess);
    }

    /**
     * A request on a pooled connection. One given up while it waited for a connection is reset when the connection
     * comes, which hands the connection back; otherwise it would stay taken until its idle timeout.
     */
    private static Uni<HttpClientRequest> open(HttpClient client, RequestOptions options) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean over = new AtomicBoolean();
            emitter.onTermination(() -> over.set(true));
            client.getDelegate().request(options).onComplete(opened -> {
                if (opened.failed()) {
                    emitter.fail(opened.cause());
                } else if (over.get()) {
                    opened.result().reset();
                } else {
                    emitter.complete(HttpClientRequest.newInstance(opened.result()));
                }
            });
        });
    }

    private static Uni<HttpClientResponse> requireSuccess(HttpClientResponse response) {
        if (response.statusCode() / 100 == 2) {
            return Uni.createFrom().item(response);
        }
        Optional<Duration> retryAfter = Optional.ofNullable(response.getHeader("Retry-After"))
                .flatMap(StreamingHttpClient::parseSeconds);
        return response.body().onItem().transform(errorBody -> {
            throw new HttpStatusException(response.statusCode(), errorBody.toString(), retryAfter);
        });
    }

    private String serialize(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialize the request to " + baseUrl, e);
        }
    }

    private static Optional<Duration> parseSeconds(String value) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Closes the connection pools (a client built by hand is not closed by Quarkus). */
    public void close() {
        client.close().subscribe().with(ignored -> { }, ignored -> { });
        probeClient.close().subscribe().with(ignored -> { }, ignored -> { });
        if (eventLoopClients != null) {
            eventLoopClients.values().forEach(pool -> pool.close().subscribe().with(ignored -> { }, ignored -> { }));
        }
    }
}
