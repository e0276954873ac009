package ai.citadel.gateway.rest;

import ai.citadel.gateway.config.GatewayConfig.Profile;
import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.Token;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
import ai.citadel.gateway.service.generation.StreamFormat;
import ai.citadel.gateway.service.generation.StreamResult;
import ai.citadel.gateway.service.generation.StreamResult.Outcome;
import ai.citadel.gateway.service.generation.ToolCallAssembler;
import ai.citadel.model.openai.OpenAiErrorResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Writes a generation to the client as OpenAI server-sent events under a streaming profile
 * (docs/gateway.md#streaming-profiles):
 * <ul>
 *   <li>tokens are grouped {@code tokensPerEvent} to an event, and no token waits longer than the flush deadline;</li>
 *   <li>at most {@code bufferEvents} events wait for the client; while they do, the backend is not read
 *       (backpressure, nothing is dropped);</li>
 *   <li>a broken backend or the profile's time limit ends the stream with one OpenAI error event and no
 *       {@code [DONE]}, so official clients raise;</li>
 *   <li>comment lines keep idle connections open; a client that leaves cancels the backend request.</li>
 * </ul>
 * One instance per stream; its methods run on the request's event loop or Vert.x timers, hence synchronized. It
 * records nothing itself: what the client received comes back as a {@link StreamResult} once the stream is over.
 */
final class SseStreamer implements MultiSubscriber<GenerationEvent> {

    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    private static final Buffer KEEP_ALIVE = Buffer.buffer(": keep-alive\n\n");

    private final HttpServerResponse response;
    private final StreamFormat format;
    private final Profile profile;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final long startNanos;
    private final CompletableFuture<StreamResult> result = new CompletableFuture<>();

    private Flow.Subscription upstream;
    private final StringBuilder pendingText = new StringBuilder();
    private int pendingTokens;
    private long flushTimer = -1;
    private long deadlineTimer = -1;
    private long keepAliveTimer = -1;
    private long lastWriteNanos;
    private int eventsInFlight;
    private boolean awaitingEvent;
    private boolean done;
    private final StringBuilder deliveredText = new StringBuilder();
    private final ToolCallAssembler deliveredToolCalls = new ToolCallAssembler();
    private String error;
    private Finished finished;
    private Duration firstTokenAfter;

    SseStreamer(HttpServerResponse response, StreamFormat format, Profile profile, Vertx vertx, ObjectMapper json,
                long startNanos) {
        this.response = response;
        this.format = format;
        this.profile = profile;
        this.vertx = vertx;
        this.json = json;
        this.startNanos = startNanos;
    }

    /** Sends the head and the stream; the Uni completes when the stream is over, however it ended. */
    Uni<StreamResult> stream(Multi<GenerationEvent> events, Duration keepAliveInterval) {
        response.setStatusCode(200).setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
        response.closeHandler(ignored -> finish(Outcome.CANCELLED, null));
        synchronized (this) {
            lastWriteNanos = System.nanoTime();
            format.opening().forEach(this::emit);
            deadlineTimer = vertx.setTimer(remainingTimeLimitMillis(), ignored -> timeLimitReached());
            long keepAliveMillis = keepAliveInterval.toMillis();
            keepAliveTimer = vertx.setPeriodic(keepAliveMillis, ignored -> keepAlive(keepAliveMillis));
        }
        events.subscribe().withSubscriber(this);
        return Uni.createFrom().completionStage(result);
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription subscription) {
        upstream = subscription;
        if (done) {
            subscription.cancel();
        } else {
            requestMoreIfRoom();
        }
    }

    @Override
    public synchronized void onItem(GenerationEvent event) {
        awaitingEvent = false;
        if (done) {
            return;
        }
        switch (event) {
            case Token token -> addToken(token.text());
            case ToolCallFragment fragment -> {
                flushText();
                deliveredToolCalls.add(fragment);
                emit(format.toolCall(fragment));
            }
            case Finished end -> {
                flushText();
                finished = end;
                format.closing(end).forEach(this::emit);
            }
        }
        requestMoreIfRoom();
    }

    @Override
    public synchronized void onFailure(Throwable failure) {
        if (done) {
            return;
        }
        flushText();
        emitError("The backend broke off the answer: " + failure.getMessage(), "server_error", "backend_stream_broken");
        finish(Outcome.ERROR, null);
    }

    @Override
    public synchronized void onCompletion() {
        if (done) {
            return;
        }
        flushText();
        if (finished == null) {
            emitError("The backend ended the answer without finishing it", "server_error", "backend_stream_broken");
            finish(Outcome.ERROR, null);
        } else {
            finish(Outcome.COMPLETED, DONE);
        }
    }

    private void addToken(String text) {
        if (firstTokenAfter == null) {
            firstTokenAfter = Duration.ofNanos(System.nanoTime() - startNanos);
        }
        pendingText.append(text);
        pendingTokens++;
        if (pendingTokens >= profile.tokensPerEvent()) {
            flushText();
        } else if (flushTimer < 0) {
            flushTimer = vertx.setTimer(Math.max(1, profile.flushDeadline().toMillis()), ignored -> deadlineFlush());
        }
    }

    private synchronized void deadlineFlush() {
        flushTimer = -1;
        if (!done) {
            flushText();
        }
    }

    private void flushText() {
        if (flushTimer >= 0) {
            vertx.cancelTimer(flushTimer);
            flushTimer = -1;
        }
        if (pendingTokens == 0) {
            return;
        }
        String text = pendingText.toString();
        pendingText.setLength(0);
        pendingTokens = 0;
        deliveredText.append(text);
        emit(format.text(text));
    }

    private void emit(Object event) {
        write(Buffer.buffer("data: " + serialize(event) + "\n\n"), true);
    }

    private void emitError(String message, String type, String code) {
        error = message;
        emit(OpenAiErrorResponse.of(message, type, null, code));
    }

    private void write(Buffer data, boolean countsAsEvent) {
        lastWriteNanos = System.nanoTime();
        if (countsAsEvent) {
            eventsInFlight++;
        }
        response.write(data).onComplete(ignored -> {
            if (countsAsEvent) {
                eventWritten();
            }
        });
    }

    private synchronized void eventWritten() {
        eventsInFlight--;
        requestMoreIfRoom();
    }

    /** One event at a time from the backend, and only while the client keeps up. */
    private void requestMoreIfRoom() {
        if (!done && !awaitingEvent && upstream != null && eventsInFlight < profile.bufferEvents()) {
            awaitingEvent = true;
            upstream.request(1);
        }
    }

    private synchronized void timeLimitReached() {
        deadlineTimer = -1;
        if (done) {
            return;
        }
        flushText();
        emitError("The stream reached its time limit of " + profile.timeLimit().toSeconds() + " s", "server_error",
                "stream_time_limit");
        finish(Outcome.TIMEOUT, null);
    }

    private synchronized void keepAlive(long intervalMillis) {
        if (!done && System.nanoTime() - lastWriteNanos >= intervalMillis * 1_000_000) {
            write(KEEP_ALIVE, false);
        }
    }

    /** Ends the stream once; the backend request is cancelled unless it completed. */
    private synchronized void finish(Outcome outcome, Buffer last) {
        if (done) {
            return;
        }
        done = true;
        for (long timer : new long[]{flushTimer, deadlineTimer, keepAliveTimer}) {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
            }
        }
        if (outcome != Outcome.COMPLETED && upstream != null) {
            upstream.cancel();
        }
        if (outcome != Outcome.CANCELLED) {
            if (last != null) {
                response.write(last);
            }
            response.end();
        }
        result.complete(new StreamResult(outcome, deliveredText.toString(), deliveredToolCalls.toolCalls(), finished,
                firstTokenAfter, outcome == Outcome.CANCELLED ? "client closed the connection" : error));
    }

    private long remainingTimeLimitMillis() {
        long elapsed = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        return Math.max(1, profile.timeLimit().toMillis() - elapsed);
    }

    private String serialize(Object event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize stream event", e);
        }
    }
}
