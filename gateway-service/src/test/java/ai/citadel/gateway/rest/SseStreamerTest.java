package ai.citadel.gateway.rest;

import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.Token;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
import ai.citadel.gateway.service.generation.StreamFormat;
import ai.citadel.gateway.service.generation.StreamResult;
import ai.citadel.gateway.service.generation.StreamResult.Outcome;
import ai.citadel.model.openai.ToolCall;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generation as a client receives it over server-sent events, from a real Vert.x server: tokens grouped per event
 * and never held past the flush deadline, every token in order, {@code [DONE]} only after a finished answer, one
 * error event when the backend breaks off or the time limit passes, keep-alive comments on a silent stream, and a
 * client that leaves cancelling the backend. The writer reports what the client received.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class SseStreamerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LONG = Duration.ofSeconds(30);

    /** Events as {"kind","value"}, so the test reads what the client got without OpenAI's envelope around it. */
    private record Event(String kind, String value) {
    }

    private static final StreamFormat PLAIN = new StreamFormat() {
        @Override
        public List<Object> opening() {
            return List.of(new Event("opening", null));
        }

        @Override
        public Object text(String text) {
            return new Event("text", text);
        }

        @Override
        public Object toolCall(ToolCallFragment fragment) {
            return new Event("tool", fragment.arguments());
        }

        @Override
        public List<Object> closing(Finished finished) {
            return List.of(new Event("finish", finished.finishReason()));
        }
    };

    private record Profile(int tokensPerEvent, Duration flushDeadline, Duration timeLimit, int bufferEvents)
            implements GatewayConfig.Profile {

        /** Continuation happens upstream of the streamer, in routing. */
        @Override
        public boolean continueBrokenStreams() {
            return false;
        }
    }

    /** A backend whose stream the test drives by hand. */
    private static final class Backend {
        final AtomicReference<MultiEmitter<? super GenerationEvent>> emitter = new AtomicReference<>();
        final CompletableFuture<Void> subscribed = new CompletableFuture<>();
        final AtomicBoolean cancelled = new AtomicBoolean();
        final Multi<GenerationEvent> stream = Multi.createFrom().<GenerationEvent>emitter(e -> {
                    emitter.set(e);
                    subscribed.complete(null);
                })
                .onCancellation().invoke(() -> cancelled.set(true));

        MultiEmitter<? super GenerationEvent> emit() throws Exception {
            subscribed.get(5, TimeUnit.SECONDS);
            return emitter.get();
        }
    }

    private Vertx vertx;
    private int port;
    private volatile Multi<GenerationEvent> backend;
    private volatile Profile profile = new Profile(1, Duration.ofMillis(10), LONG, 16);
    private volatile Duration keepAlive = Duration.ofSeconds(10);
    private final CompletableFuture<StreamResult> result = new CompletableFuture<>();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer()
                .requestHandler(request -> new SseStreamer(request.response(), PLAIN, profile, vertx, JSON,
                        System.nanoTime()).stream(backend, keepAlive)
                        .subscribe().with(result::complete, result::completeExceptionally))
                .listen(0).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        port = server.actualPort();
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void tokensGoOutGroupedPerEventAndAFinishedAnswerEndsWithDone() throws Exception {
        profile = new Profile(2, LONG, LONG, 16);
        backend = Multi.createFrom().items(new Token("a"), new Token("b"), new Token("c"), new Token("d"),
                new Token("e"), new Finished("stop", 3, 5));

        HttpResponse<Stream<String>> response = get();
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-cache", response.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals("no", response.headers().firstValue("X-Accel-Buffering").orElseThrow(), "nginx must not buffer");
        assertEquals(List.of("opening:null", "text:ab", "text:cd", "text:e", "finish:stop", "[DONE]"),
                events(response.body().toList()), "the last, incomplete group goes out with the end");

        StreamResult streamed = result();
        assertEquals(Outcome.COMPLETED, streamed.outcome());
        assertEquals("abcde", streamed.deliveredText());
        assertEquals(new Finished("stop", 3, 5), streamed.finished());
        assertNotNull(streamed.firstTokenAfter());
        assertNull(streamed.error());
    }

    @Test
    void aTokenWaitsForItsEventToFillNoLongerThanTheFlushDeadline() throws Exception {
        profile = new Profile(10, Duration.ofMillis(50), LONG, 16);
        Backend model = new Backend();
        backend = model.stream;

        Iterator<String> lines = get().body().iterator();
        assertEquals("opening:null", nextEvent(lines));
        model.emit().emit(new Token("a"));
        assertEquals("text:a", nextEvent(lines), "sent while the backend is still at work, 9 tokens short");
        model.emit().emit(new Finished("stop", null, null)).complete();
        assertEquals("finish:stop", nextEvent(lines));
        assertEquals("[DONE]", nextEvent(lines));
    }

    @Test
    void aLongAnswerArrivesWholeAndInOrderThroughASmallBuffer() throws Exception {
        profile = new Profile(1, Duration.ofMillis(10), LONG, 4);
        List<GenerationEvent> tokens = new ArrayList<>(IntStream.range(0, 2000)
                .mapToObj(i -> (GenerationEvent) new Token(i + " ")).toList());
        tokens.add(new Finished("length", 1, 2000));
        backend = Multi.createFrom().iterable(tokens);

        List<String> events = events(get().body().toList());

        String expected = String.join("", IntStream.range(0, 2000).mapToObj(i -> i + " ").toList());
        assertEquals(expected, String.join("", events.stream().filter(e -> e.startsWith("text:"))
                .map(e -> e.substring(5)).toList()));
        assertEquals(2000, events.stream().filter(e -> e.startsWith("text:")).count(), "one token per event");
        assertEquals("[DONE]", events.getLast());
        assertEquals(expected, result().deliveredText());
    }

    @Test
    void toolCallsGoOutAsTheyComeAndAreReportedWhole() throws Exception {
        backend = Multi.createFrom().items(new ToolCallFragment(0, "call_1", "get_weather", "{\"city\":"),
                new ToolCallFragment(0, null, null, "\"Paris\"}"), new Finished("tool_calls", 7, 9));

        assertEquals(List.of("opening:null", "tool:{\"city\":", "tool:\"Paris\"}", "finish:tool_calls", "[DONE]"),
                events(get().body().toList()));
        assertEquals(List.of(ToolCall.function("call_1", "get_weather", "{\"city\":\"Paris\"}")),
                result().toolCalls());
    }

    @Test
    void aBackendThatBreaksOffEndsTheStreamWithOneErrorEventAndNoDone() throws Exception {
        backend = Multi.createBy().concatenating().streams(Multi.createFrom().<GenerationEvent>item(new Token("Hel")),
                Multi.createFrom().<GenerationEvent>failure(new IOException("connection reset")));

        List<String> data = dataLines(get().body().toList());

        assertEquals("{\"kind\":\"text\",\"value\":\"Hel\"}", data.get(1), "what came before the break is kept");
        JsonNode error = JSON.readTree(data.getLast()).get("error");
        assertEquals("backend_stream_broken", error.get("code").asText());
        assertEquals("server_error", error.get("type").asText());
        assertTrue(error.get("message").asText().contains("connection reset"), error.toString());
        assertFalse(data.contains("[DONE]"), "official clients raise on a stream without [DONE]");

        StreamResult streamed = result();
        assertEquals(Outcome.ERROR, streamed.outcome());
        assertEquals("Hel", streamed.deliveredText());
        assertTrue(streamed.error().contains("connection reset"), streamed.error());
    }

    @Test
    void aBackendThatStopsWithoutFinishingTheAnswerIsABrokenStream() throws Exception {
        backend = Multi.createFrom().<GenerationEvent>items(new Token("Hel"));

        List<String> data = dataLines(get().body().toList());

        assertEquals("backend_stream_broken", JSON.readTree(data.getLast()).at("/error/code").asText());
        assertFalse(data.contains("[DONE]"));
        assertEquals(Outcome.ERROR, result().outcome());
    }

    @Test
    void theProfilesTimeLimitEndsTheStreamWithAnErrorEventAndCancelsTheBackend() throws Exception {
        profile = new Profile(1, Duration.ofMillis(10), Duration.ofSeconds(1), 16);
        Backend model = new Backend();
        backend = model.stream;
        CompletableFuture<List<String>> body = CompletableFuture.supplyAsync(() -> {
            try {
                return dataLines(get().body().toList());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        model.emit().emit(new Token("slow"));

        List<String> data = body.get(10, TimeUnit.SECONDS);

        assertEquals("stream_time_limit", JSON.readTree(data.getLast()).at("/error/code").asText(), data.toString());
        assertFalse(data.contains("[DONE]"));
        assertEquals(Outcome.TIMEOUT, result().outcome());
        assertEquals("slow", result().deliveredText());
        assertTrue(model.cancelled.get(), "the backend stops generating for nobody");
    }

    @Test
    void aClientThatLeavesCancelsTheBackendRequest() throws Exception {
        Backend model = new Backend();
        backend = model.stream;
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            model.emit().emit(new Token("first"));
            InputStream in = socket.getInputStream();
            StringBuilder received = new StringBuilder();
            byte[] buffer = new byte[1024];
            while (!received.toString().contains("first")) {
                int read = in.read(buffer);
                assertTrue(read > 0, "stream ended early: " + received);
                received.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
            }
        }

        StreamResult streamed = result();
        assertEquals(Outcome.CANCELLED, streamed.outcome());
        assertEquals("client closed the connection", streamed.error());
        assertEquals("first", streamed.deliveredText());
        assertTrue(model.cancelled.get());
    }

    @Test
    void aSilentStreamGetsKeepAliveCommentsSoProxiesKeepItOpen() throws Exception {
        keepAlive = Duration.ofMillis(50);
        Backend model = new Backend();
        backend = model.stream;
        Iterator<String> lines = get().body().iterator();
        assertEquals("opening:null", nextEvent(lines));

        assertEquals(": keep-alive", next(lines, line -> !line.isEmpty()), "while the backend is silent");
        model.emit().emit(new Token("a")).emit(new Finished("stop", null, null)).complete();
        assertEquals("text:a", nextEvent(lines));
    }

    private HttpResponse<Stream<String>> get() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofLines());
    }

    private StreamResult result() throws Exception {
        return result.get(5, TimeUnit.SECONDS);
    }

    /** The {@code data:} payloads, in order. */
    private static List<String> dataLines(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();
    }

    /** Each event as "kind:value", {@code [DONE]} as itself. */
    private static List<String> events(List<String> lines) {
        return dataLines(lines).stream().map(SseStreamerTest::event).toList();
    }

    private static String nextEvent(Iterator<String> lines) {
        return event(next(lines, line -> line.startsWith("data: ")).substring(6));
    }

    private static String next(Iterator<String> lines, java.util.function.Predicate<String> wanted) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (wanted.test(line)) {
                return line;
            }
        }
        throw new AssertionError("the stream ended");
    }

    private static String event(String data) {
        if (data.equals("[DONE]")) {
            return data;
        }
        try {
            Event event = JSON.readValue(data, Event.class);
            return event.kind() + ":" + event.value();
        } catch (IOException e) {
            throw new AssertionError("not an event: " + data, e);
        }
    }
}
