package ai.citadel.orchestration.service.workflow;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.workflow.WorkflowProgressEvent;
import ai.citadel.orchestration.config.WorkflowConfig;
import ai.citadel.orchestration.repository.PgNotifications;
import ai.citadel.orchestration.repository.WorkflowEventLog;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live progress of workflows for SSE and WebSocket subscribers. The stored feed is the truth: a subscriber reads the
 * events after its position from PostgreSQL, and reads again whenever any replica announces a change of its
 * workflow (and every {@code events.resync-interval} in case an announcement was lost), so it sees every event once,
 * in order, wherever the step ran. The feed ends after the workflow's final event.
 */
@ApplicationScoped
public class WorkflowFeed {

    private static final int PAGE = 200;
    /** Events read but not yet taken by a slow subscriber; beyond, its feed fails and it resumes from its position. */
    private static final int MAX_BUFFERED = 4096;

    private final WorkflowEventLog events;
    private final Vertx vertx;
    private final WorkflowConfig config;
    private final Map<UUID, Set<Runnable>> followers = new ConcurrentHashMap<>();
    private final AtomicInteger subscribers = new AtomicInteger();

    WorkflowFeed(WorkflowEventLog events, Vertx vertx, WorkflowConfig config, PgNotifications notifications,
                 OrchestrationMetrics metrics) {
        this.events = events;
        this.vertx = vertx;
        this.config = config;
        metrics.feedSubscribers(subscribers);
        notifications.listen(WorkflowEventLog.CHANNEL, this::changed);
    }

    /**
     * The workflow's events after {@code afterSeq}, then its new events as they happen, until its final one.
     * Refused with 503 when this replica already serves {@code limits.max-subscribers} subscribers.
     */
    public Multi<WorkflowProgressEvent> follow(UUID workflowId, long afterSeq) {
        if (subscribers.incrementAndGet() > config.limits().maxSubscribers()) {
            subscribers.decrementAndGet();
            throw new ApiException(503, "too_many_subscribers",
                    "This replica follows as many workflows as it may; retry shortly", null, Map.of("Retry-After", "1"));
        }
        return Multi.createFrom().<WorkflowProgressEvent>emitter(emitter -> {
            Follower follower = new Follower(workflowId, afterSeq, emitter);
            Runnable wake = follower::read;
            followers.computeIfAbsent(workflowId, id -> ConcurrentHashMap.newKeySet()).add(wake);
            long resync = vertx.setPeriodic(config.events().resyncInterval().toMillis(), tick -> wake.run());
            emitter.onTermination(() -> {
                vertx.cancelTimer(resync);
                followers.computeIfPresent(workflowId, (id, set) -> {
                    set.remove(wake);
                    return set.isEmpty() ? null : set;
                });
                subscribers.decrementAndGet();
            });
            wake.run();
        }).onOverflow().buffer(MAX_BUFFERED);
    }

    private void changed(String payload) {
        int space = payload.indexOf(' ');
        Set<Runnable> waiting = followers.get(UUID.fromString(space < 0 ? payload : payload.substring(0, space)));
        if (waiting != null) {
            waiting.forEach(Runnable::run);
        }
    }

    /** One subscriber's position; reads are serialised so events go out once and in order. */
    private final class Follower {
        private final UUID workflowId;
        private final MultiEmitter<? super WorkflowProgressEvent> emitter;
        private final AtomicBoolean reading = new AtomicBoolean();
        private volatile boolean readAgain;
        private long position;

        Follower(UUID workflowId, long afterSeq, MultiEmitter<? super WorkflowProgressEvent> emitter) {
            this.workflowId = workflowId;
            this.position = afterSeq;
            this.emitter = emitter;
        }

        void read() {
            // asked for before trying: a read ending right now either sees this request or lets this call read
            readAgain = true;
            if (!reading.compareAndSet(false, true)) {
                return;
            }
            readAgain = false;
            events.readAfter(workflowId, position, PAGE).subscribe().with(this::emit, failure -> {
                reading.set(false);
                emitter.fail(failure);
            });
        }

        private void emit(List<WorkflowProgressEvent> page) {
            for (WorkflowProgressEvent event : page) {
                position = event.id();
                emitter.emit(event);
                if (event.type().isFinal()) {
                    emitter.complete();
                    return;
                }
            }
            reading.set(false);
            if ((page.size() == PAGE || readAgain) && !emitter.isCancelled()) {
                read();
            }
        }
    }
}
