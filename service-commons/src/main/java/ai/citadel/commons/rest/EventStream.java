package ai.citadel.commons.rest;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Writes a {@link Multi} to the client as server-sent events, one at a time: the next is taken only once the
 * previous one left the write queue (a slow client slows the feed, never fills memory). Comment lines keep an idle
 * connection open through proxies; a client that leaves cancels the feed; a feed that fails ends with one
 * {@code error} event.
 */
public final class EventStream<T> implements MultiSubscriber<T> {

    /** How an item is sent: its SSE id and event name (each may be null: none) and data (one line of JSON). */
    public record Event(String id, String name, String data) {
    }

    private static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

    private final HttpServerResponse response;
    private final Vertx vertx;
    private final Function<T, Event> format;
    private final Function<Throwable, Event> failure;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Flow.Subscription upstream;
    private long keepAliveTimer = -1;
    private boolean ended;

    private EventStream(HttpServerResponse response, Vertx vertx, Function<T, Event> format,
                        Function<Throwable, Event> failure) {
        this.response = response;
        this.vertx = vertx;
        this.format = format;
        this.failure = failure;
    }

    /** Sends the head and then the items; completes when the stream is over, however it ended. */
    public static <T> Uni<Void> send(RoutingContext context, Multi<T> items, Duration keepAlive,
                                     Function<T, Event> format, Function<Throwable, Event> failure) {
        HttpServerResponse response = context.response();
        Vertx vertx = context.vertx();
        EventStream<T> stream = new EventStream<>(response, vertx, format, failure);
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        // not response.closeHandler: RESTEasy Reactive sets its own, replacing ours; end handlers add up, and run
        // when the connection closes too (after a normal end, clientLeft does nothing)
        context.addEndHandler(ended -> stream.clientLeft());
        stream.keepAliveTimer = vertx.setPeriodic(keepAlive.toMillis(), tick -> stream.keepAlive());
        items.subscribe().withSubscriber(stream);
        return Uni.createFrom().completionStage(stream.done);
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        if (ended) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public synchronized void onItem(T item) {
        if (ended) {
            return;
        }
        response.write(encode(format.apply(item)));
        if (response.writeQueueFull()) {
            response.drainHandler(drained -> requestNext());
        } else {
            upstream.request(1);
        }
    }

    @Override
    public synchronized void onFailure(Throwable cause) {
        if (!ended) {
            response.write(encode(failure.apply(cause)));
            end();
        }
    }

    @Override
    public synchronized void onCompletion() {
        end();
    }

    private synchronized void requestNext() {
        if (!ended) {
            upstream.request(1);
        }
    }

    private synchronized void keepAlive() {
        if (!ended) {
            response.write(KEEP_ALIVE);
        }
    }

    private synchronized void clientLeft() {
        if (!ended) {
            ended = true;
            vertx.cancelTimer(keepAliveTimer);
            if (upstream != null) {
                upstream.cancel();
            }
            done.complete(null);
        }
    }

    private void end() {
        if (!ended) {
            ended = true;
            vertx.cancelTimer(keepAliveTimer);
            response.end();
            done.complete(null);
        }
    }

    private static Buffer encode(Event event) {
        StringBuilder text = new StringBuilder();
        if (event.id() != null) {
            text.append("id: ").append(event.id()).append('\n');
        }
        if (event.name() != null) {
            text.append("event: ").append(event.name()).append('\n');
        }
        return Buffer.buffer(text.append("data: ").append(event.data()).append("\n\n").toString());
    }
}
