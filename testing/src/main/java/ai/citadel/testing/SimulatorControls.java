package ai.citadel.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The switches of one simulator: how long and how fast replies are, which requests fail and how, plus what was asked.
 * Safe to flip from a test thread while requests are in flight; a reply reads the switches once, when it starts.
 *
 * <p>Every switch stays set until it is changed or {@link #reset()}, except {@link #failNext}, which counts down.
 * Only API requests count and are affected; the {@code /_sim/*} control endpoints are not.
 */
public final class SimulatorControls {

    public static final int DEFAULT_TOKEN_COUNT = 12;

    private volatile int tokenCount = DEFAULT_TOKEN_COUNT;
    private volatile Duration delayBeforeFirstToken = Duration.ZERO;
    private volatile Duration delayBetweenTokens = Duration.ZERO;
    private volatile StreamFault streamFault = StreamFault.NONE;
    private volatile boolean sseComments;

    private final Object lock = new Object();
    private int failuresLeft;
    private InjectedFailure failure;
    private boolean hanging;
    private final List<Runnable> parked = new ArrayList<>();

    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger abandonedRequestCount = new AtomicInteger();
    private final Map<String, AtomicInteger> requestCountByPath = new ConcurrentHashMap<>();
    private final AtomicReference<RecordedRequest> lastRequest = new AtomicReference<>();
    private final Map<String, RecordedRequest> lastRequestByPath = new ConcurrentHashMap<>();

    /** How many tokens a reply has when the request sets no lower limit (max_tokens, num_predict). */
    public SimulatorControls tokenCount(int tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("tokenCount must not be negative: " + tokens);
        }
        this.tokenCount = tokens;
        return this;
    }

    public int tokenCount() {
        return tokenCount;
    }

    /** Time between the request and the first token (time to first byte of the response). */
    public SimulatorControls delayBeforeFirstToken(Duration delay) {
        this.delayBeforeFirstToken = nonNegative(delay);
        return this;
    }

    public Duration delayBeforeFirstToken() {
        return delayBeforeFirstToken;
    }

    public SimulatorControls delayBetweenTokens(Duration delay) {
        this.delayBetweenTokens = nonNegative(delay);
        return this;
    }

    public Duration delayBetweenTokens() {
        return delayBetweenTokens;
    }

    /** The next {@code count} requests are answered with {@code status} and the API's error body. */
    public SimulatorControls failNext(int count, int status) {
        return armFailures(count, new InjectedFailure(status, Optional.empty()));
    }

    /** As {@link #failNext(int, int)}, with a {@code Retry-After} header (whole seconds, rounded up). */
    public SimulatorControls failNext(int count, int status, Duration retryAfter) {
        return armFailures(count, new InjectedFailure(status, Optional.of(nonNegative(retryAfter))));
    }

    /** Requests are accepted but not answered until {@link #release()}. */
    public SimulatorControls hang() {
        synchronized (lock) {
            hanging = true;
        }
        return this;
    }

    /** Answers the requests held by {@link #hang()} and stops holding new ones. */
    public SimulatorControls release() {
        List<Runnable> toResume;
        synchronized (lock) {
            hanging = false;
            toResume = List.copyOf(parked);
            parked.clear();
        }
        toResume.forEach(Runnable::run);
        return this;
    }

    public boolean hanging() {
        synchronized (lock) {
            return hanging;
        }
    }

    /** How many requests {@link #hang()} is holding now. */
    public int heldRequestCount() {
        synchronized (lock) {
            return parked.size();
        }
    }

    /**
     * Replies send {@code tokens} tokens, then the TCP connection is reset: no final record, no error message. With 0
     * the connection drops before the response starts. A reply shorter than {@code tokens} completes normally.
     */
    public SimulatorControls cutAfterTokens(int tokens) {
        this.streamFault = new StreamFault.Cut(nonNegative(tokens));
        return this;
    }

    /**
     * Replies send {@code tokens} tokens, then report {@code message} in the API's in-stream error shape and end. With 0
     * the error is an HTTP 500 with the API's error body, as the real servers do before anything was sent.
     */
    public SimulatorControls errorAfterTokens(int tokens, String message) {
        this.streamFault = new StreamFault.Error(nonNegative(tokens), Objects.requireNonNull(message, "message"));
        return this;
    }

    /**
     * SSE streams (OpenAI) put a comment ({@code : keep-alive}) before every event, as a Citadel gateway's
     * keep-alives and some providers' processing notices do; clients must skip them.
     */
    public SimulatorControls sseComments(boolean on) {
        this.sseComments = on;
        return this;
    }

    public boolean sseComments() {
        return sseComments;
    }

    /** Undoes {@link #cutAfterTokens} and {@link #errorAfterTokens}. */
    public SimulatorControls clearStreamFault() {
        this.streamFault = StreamFault.NONE;
        return this;
    }

    /** API requests received, failed and held ones included. */
    public int requestCount() {
        return requestCount.get();
    }

    /**
     * API requests whose connection closed before their answer ended: the client gave up (cancelled, timed out,
     * hung up) — or a {@link #cutAfterTokens} fault reset it.
     */
    public int abandonedRequestCount() {
        return abandonedRequestCount.get();
    }

    /** API requests received on one path, e.g. {@code /api/chat}. */
    public int requestCount(String path) {
        AtomicInteger count = requestCountByPath.get(path);
        return count == null ? 0 : count.get();
    }

    public Map<String, Integer> requestCountByPath() {
        Map<String, Integer> counts = new TreeMap<>();
        requestCountByPath.forEach((path, count) -> counts.put(path, count.get()));
        return counts;
    }

    public Optional<RecordedRequest> lastRequest() {
        return Optional.ofNullable(lastRequest.get());
    }

    public Optional<RecordedRequest> lastRequest(String path) {
        return Optional.ofNullable(lastRequestByPath.get(path));
    }

    public Optional<String> lastRequestBody() {
        return lastRequest().map(RecordedRequest::body);
    }

    /** Back to a healthy, fast simulator with no history. Held requests are answered. */
    public void reset() {
        tokenCount = DEFAULT_TOKEN_COUNT;
        delayBeforeFirstToken = Duration.ZERO;
        delayBetweenTokens = Duration.ZERO;
        streamFault = StreamFault.NONE;
        sseComments = false;
        synchronized (lock) {
            failuresLeft = 0;
            failure = null;
        }
        requestCount.set(0);
        abandonedRequestCount.set(0);
        requestCountByPath.clear();
        lastRequest.set(null);
        lastRequestByPath.clear();
        release();
    }

    // --- used by the request pipeline -------------------------------------------------------------------------------

    void recordRequest(RecordedRequest request) {
        requestCount.incrementAndGet();
        requestCountByPath.computeIfAbsent(request.path(), path -> new AtomicInteger()).incrementAndGet();
        lastRequest.set(request);
        lastRequestByPath.put(request.path(), request);
    }

    void recordAbandoned() {
        abandonedRequestCount.incrementAndGet();
    }

    /** Holds {@code resume} until {@link #release()} if hanging; returns whether it did. */
    boolean holdIfHanging(Runnable resume) {
        synchronized (lock) {
            if (hanging) {
                parked.add(resume);
            }
            return hanging;
        }
    }

    Optional<InjectedFailure> takeFailure() {
        synchronized (lock) {
            if (failuresLeft == 0) {
                return Optional.empty();
            }
            failuresLeft--;
            return Optional.of(failure);
        }
    }

    int failuresLeft() {
        synchronized (lock) {
            return failuresLeft;
        }
    }

    Optional<InjectedFailure> armedFailure() {
        synchronized (lock) {
            return failuresLeft == 0 ? Optional.empty() : Optional.of(failure);
        }
    }

    StreamFault streamFault() {
        return streamFault;
    }

    private SimulatorControls armFailures(int count, InjectedFailure injected) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        if (injected.status() < 400 || injected.status() > 599) {
            throw new IllegalArgumentException("a failure needs a 4xx or 5xx status: " + injected.status());
        }
        synchronized (lock) {
            failuresLeft = count;
            failure = injected;
        }
        return this;
    }

    private static Duration nonNegative(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
        return duration;
    }

    private static int nonNegative(int tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("token count must not be negative: " + tokens);
        }
        return tokens;
    }
}
