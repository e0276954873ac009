package ai.citadel.management.service.pulls;

import ai.citadel.model.management.PullProgress;
import ai.citadel.model.ollama.OllamaProgress;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model being pulled on one host: Ollama's progress records folded into one state (bytes summed over the layers
 * announced so far), and the callers following it. It runs whether or not anyone follows; a follower that joins late
 * first gets the state as it is, and a slow one only ever the latest (progress is a state, not a log).
 */
final class HostPull {

    static final String PULLING = "pulling";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";

    private final String host;
    private final String model;
    private final Map<String, long[]> layers = new LinkedHashMap<>();
    private final List<MultiEmitter<? super HostPull.State>> followers = new ArrayList<>();
    private String state = PULLING;
    private String status = "queued";
    private String error;
    private Instant updatedAt = Instant.now();

    /** A moment of the pull, for one operation's callers. */
    record State(String host, String model, String state, String status, long completed, long total, String error,
                 Instant updatedAt) {

        boolean finished() {
            return !PULLING.equals(state);
        }

        PullProgress progress(String operationId) {
            // rounded down: 100% only once every byte is there
            Double percent = total > 0 ? Math.floor(completed * 1000.0 / total) / 10.0 : null;
            return new PullProgress(operationId, host, model, state, status, completed, total, percent, error,
                    updatedAt);
        }
    }

    HostPull(String host, String model) {
        this.host = host;
        this.model = model;
    }

    String host() {
        return host;
    }

    /** The model as the caller named it, which is what the host is asked for. */
    String hostModel() {
        return model;
    }

    synchronized State state() {
        long completed = 0;
        long total = 0;
        for (long[] layer : layers.values()) {
            completed += layer[0];
            total += layer[1];
        }
        return new State(host, model, state, status, completed, total, error, updatedAt);
    }

    synchronized boolean finished() {
        return !PULLING.equals(state);
    }

    /**
     * The state now, then each change, ending when the pull does. Followers are told outside this pull's lock: a
     * follower's writer may hold its own lock while it cancels, and must never wait for this one.
     */
    Multi<State> follow() {
        return Multi.createFrom().<State>emitter(emitter -> {
            State now;
            synchronized (this) {
                now = state();
                if (!now.finished()) {
                    followers.add(emitter);
                    emitter.onTermination(() -> {
                        synchronized (this) {
                            followers.remove(emitter);
                        }
                    });
                }
            }
            emitter.emit(now);
            if (now.finished()) {
                emitter.complete();
            }
        }, BackPressureStrategy.LATEST);
    }

    void progress(OllamaProgress record) {
        if (record.error() != null) {
            fail(record.error());
            return;
        }
        List<MultiEmitter<? super State>> told;
        State now;
        synchronized (this) {
            if (finished()) {
                return;
            }
            if (record.status() != null) {
                status = record.status();
            }
            if (record.digest() != null && record.total() != null) {
                long completed = record.completed() == null ? 0 : record.completed();
                layers.put(record.digest(), new long[]{Math.min(completed, record.total()), record.total()});
            }
            if ("success".equals(record.status())) {
                // a layer Ollama already had is announced without completed bytes; it is there all the same
                layers.values().forEach(layer -> layer[0] = layer[1]);
                state = SUCCEEDED;
            }
            now = changed();
            told = List.copyOf(followers);
        }
        tell(told, now);
    }

    /** The stream ended: without {@code success}, the pull did not complete. */
    void ended() {
        String last;
        synchronized (this) {
            if (finished()) {
                return;
            }
            last = status;
        }
        fail("the host ended the pull without reporting success (last status: " + last + ")");
    }

    void fail(String reason) {
        List<MultiEmitter<? super State>> told;
        State now;
        synchronized (this) {
            if (finished()) {
                return;
            }
            state = FAILED;
            error = reason;
            now = changed();
            told = List.copyOf(followers);
        }
        tell(told, now);
    }

    private State changed() {
        updatedAt = Instant.now();
        return state();
    }

    private static void tell(List<MultiEmitter<? super State>> followers, State now) {
        for (MultiEmitter<? super State> follower : followers) {
            follower.emit(now);
            if (now.finished()) {
                follower.complete();
            }
        }
    }
}
