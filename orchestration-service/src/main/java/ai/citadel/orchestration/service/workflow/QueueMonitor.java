package ai.citadel.orchestration.service.workflow;

import ai.citadel.model.workflow.WorkflowStatus;
import ai.citadel.orchestration.config.WorkflowConfig;
import ai.citadel.orchestration.repository.TaskQueue;
import ai.citadel.orchestration.repository.WorkflowRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the queue for the metrics and for admission ({@link #isFull()}: the depth counted at the last look, so a
 * submission never waits for a count), and deletes finished workflows once their retention ran out.
 */
@ApplicationScoped
public class QueueMonitor {

    private static final Logger LOG = Logger.getLogger(QueueMonitor.class);

    private final TaskQueue queue;
    private final WorkflowRepository workflows;
    private final WorkflowConfig config;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicReference<Double> oldestReadyAge = new AtomicReference<>(0.0);
    private final Map<WorkflowStatus, AtomicLong> byStatus = new EnumMap<>(WorkflowStatus.class);

    QueueMonitor(TaskQueue queue, WorkflowRepository workflows, WorkflowConfig config, MeterRegistry registry) {
        this.queue = queue;
        this.workflows = workflows;
        this.config = config;
        Gauge.builder("citadel_orchestration_queue_depth", queued, AtomicLong::get)
                .description("Steps waiting or running, all replicas together").register(registry);
        Gauge.builder("citadel_orchestration_queue_oldest_ready_seconds", oldestReadyAge, AtomicReference::get)
                .description("How long the oldest ready step has waited for a worker").register(registry);
        for (WorkflowStatus status : WorkflowStatus.values()) {
            AtomicLong count = new AtomicLong();
            byStatus.put(status, count);
            Gauge.builder("citadel_orchestration_workflows", count, AtomicLong::get)
                    .description("Workflows stored, by status").tag("status", status.wireName()).register(registry);
        }
    }

    /** Whether the queue held its limit of steps at the last look. */
    public boolean isFull() {
        return queued.get() >= config.limits().maxQueuedSteps();
    }

    @Scheduled(every = "${citadel.workflows.monitor-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> look() {
        return queue.queued().invoke(queued::set)
                .chain(queue::oldestReadyAge).invoke(oldestReadyAge::set)
                .chain(workflows::countByStatus)
                .invoke(counts -> counts.forEach((status, count) -> byStatus.get(status).set(count)))
                .onFailure().invoke(failure -> LOG.warnf("Could not look at the workflow queue: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(every = "${citadel.workflows.retention.interval}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> deleteExpired() {
        return workflows.deleteFinished(config.retention().keep(), config.retention().batchSize())
                .onItem().transformToUni(deleted -> deleted == config.retention().batchSize()
                        ? deleteExpired() : Uni.createFrom().voidItem())
                .onFailure().invoke(failure -> LOG.warnf("Could not delete expired workflows: %s", failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
