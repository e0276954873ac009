package ai.citadel.commons.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Which connection a streamed request gets: with a pool per event loop, one made by the event loop that sends the
 * request, so that its I/O never crosses threads; with one shared pool, any idle one. A local server counts the
 * connections it is opened.
 */
class StreamingHttpClientTest {

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger connections = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void startServer() {
        server = vertx.createHttpServer()
                .connectionHandler(connection -> connections.incrementAndGet())
                .requestHandler(request -> request.response().endAndForget("{\"n\":1}\n{\"n\":2}\n"))
                .listenAndAwait(0, "127.0.0.1");
    }

    @AfterEach
    void stop() {
        vertx.closeAndAwait();
    }

    @Test
    void eachEventLoopSendsOnConnectionsOfItsOwn() throws Exception {
        StreamingHttpClient client = client(true);
        Context first = newContext();
        Context second = newContext();
        String firstLoop = linesFrom(client, first).thread();
        assertNotEquals(firstLoop, linesFrom(client, second).thread(), "the two contexts share an event loop");

        Lines again = linesFrom(client, first);

        assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), again.lines());
        assertEquals(firstLoop, again.thread(), "the lines come on the thread that asked for them");
        assertEquals(2, connections.get(), "one connection per event loop, kept for its next request");
    }

    @Test
    void aSharedPoolLendsAnIdleConnectionToAnyEventLoop() throws Exception {
        StreamingHttpClient client = client(false);

        linesFrom(client, newContext());
        linesFrom(client, newContext());

        assertEquals(1, connections.get());
    }

    private StreamingHttpClient client(boolean poolPerEventLoop) {
        return new StreamingHttpClient(vertx, new ObjectMapper(), URI.create("http://127.0.0.1:" + server.actualPort()),
                Optional.empty(), Duration.ofSeconds(2), Duration.ofSeconds(10), 8, poolPerEventLoop);
    }

    /** A context on the next event loop: Vert.x gives each thread outside it a context of its own, in turn. */
    private Context newContext() throws InterruptedException {
        AtomicReference<Context> context = new AtomicReference<>();
        Thread.ofPlatform().start(() -> context.set(vertx.getDelegate().getOrCreateContext())).join();
        return context.get();
    }

    private record Lines(List<String> lines, String thread) {
    }

    /** A streamed request sent from the context's event loop; its lines and the thread they came on. */
    private static Lines linesFrom(StreamingHttpClient client, Context context) throws Exception {
        CompletableFuture<Lines> result = new CompletableFuture<>();
        context.runOnContext(ignored -> client.postForLines("chat", Map.of("q", 1), null).collect().asList()
                .subscribe().with(lines -> result.complete(new Lines(lines, Thread.currentThread().getName())),
                        result::completeExceptionally));
        return result.get(10, TimeUnit.SECONDS);
    }
}
