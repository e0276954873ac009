package ai.citadel.management.service.pulls;

import ai.citadel.model.management.Operation;
import ai.citadel.model.management.PullProgress;
import io.smallrye.mutiny.Multi;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A pull of one model on one or more hosts, followed by its id. Its host pulls may be shared with other operations
 * (one download per model and host), so it ends when each of them has.
 */
public final class PullOperation {

    static final String KIND = "pull";

    private final String id;
    private final String model;
    private final String canonicalModel;
    private final List<HostPull> pulls;
    private final String startedBy;
    private final Instant startedAt = Instant.now();
    private volatile Instant finishedAt;

    PullOperation(String id, String model, String canonicalModel, List<HostPull> pulls, String startedBy) {
        this.id = id;
        this.model = model;
        this.canonicalModel = canonicalModel;
        this.pulls = List.copyOf(pulls);
        this.startedBy = startedBy;
    }

    public String id() {
        return id;
    }

    String canonicalModel() {
        return canonicalModel;
    }

    Set<String> hosts() {
        return pulls.stream().map(HostPull::host).collect(Collectors.toSet());
    }

    public boolean finished() {
        return pulls.stream().allMatch(HostPull::finished);
    }

    /** When it finished (first noticed), null while running. */
    Instant finishedAt() {
        if (finishedAt == null && finished()) {
            finishedAt = Instant.now();
        }
        return finishedAt;
    }

    /** The operation now: {@code running}, then {@code succeeded}, {@code failed} or {@code partial}. */
    public Operation snapshot() {
        List<HostPull.State> states = pulls.stream().map(HostPull::state).toList();
        String state;
        if (!states.stream().allMatch(HostPull.State::finished)) {
            state = "running";
        } else if (states.stream().allMatch(each -> HostPull.SUCCEEDED.equals(each.state()))) {
            state = "succeeded";
        } else if (states.stream().noneMatch(each -> HostPull.SUCCEEDED.equals(each.state()))) {
            state = "failed";
        } else {
            state = "partial";
        }
        return new Operation(id, KIND, model, state, startedBy, startedAt, finishedAt(),
                states.stream().map(each -> each.progress(id)).toList());
    }

    /** Each host's progress as it changes (the state now first), ending when every host's pull has ended. */
    public Multi<PullProgress> follow() {
        return Multi.createBy().merging().streams(pulls.stream()
                .map(pull -> pull.follow().map(state -> state.progress(id))).toList());
    }
}
