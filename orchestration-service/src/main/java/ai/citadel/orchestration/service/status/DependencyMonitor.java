package ai.citadel.orchestration.service.status;

import ai.citadel.model.status.DependencyStatus;
import ai.citadel.model.status.StatusResponse;
import ai.citadel.orchestration.client.EmbeddingServiceClient;
import ai.citadel.orchestration.client.GatewayClient;
import ai.citadel.orchestration.client.GatewayClients;
import ai.citadel.orchestration.config.StatusConfig;
import ai.citadel.orchestration.repository.ServiceHealthLogRepository;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Checks every dependency on a schedule ({@code citadel.status.check-interval}, first at start-up): each gateway
 * (its model list, with this service's credential), the embedding service, the vector store behind it, PostgreSQL
 * and Redis, all at once, each within {@code citadel.status.timeout}. Keeps the latest state of each for
 * {@code GET /api/v1/status} and the readiness check, and records each round in
 * {@code orchestration.service_health_logs}, deleting rounds older than {@code citadel.status.retention}.
 */
@ApplicationScoped
public class DependencyMonitor {

    private static final Logger LOG = Logger.getLogger(DependencyMonitor.class);
    static final String GATEWAY = "gateway";
    static final String EMBEDDING_SERVICE = "embedding-service";
    static final String VECTOR_STORE = "vector-store";
    static final String POSTGRESQL = "postgresql";
    static final String REDIS = "redis";

    /** A dependency check: its name and kind, and the call that answers when the dependency is up. */
    private record Check(String name, String kind, Supplier<Uni<Void>> call) {
    }

    private final List<Check> checks = new ArrayList<>();
    private final Map<String, DependencyStatus> latest = new ConcurrentHashMap<>();
    private final ServiceHealthLogRepository history;
    private final StatusConfig config;
    private volatile Instant lastRound;

    DependencyMonitor(GatewayClients gateways, EmbeddingServiceClient embeddingService,
                      ReactiveRedisDataSource redis, ServiceHealthLogRepository history, StatusConfig config) {
        this.history = history;
        this.config = config;
        Duration timeout = config.timeout();
        for (GatewayClient gateway : gateways.inOrder()) {
            checks.add(new Check(GATEWAY + ":" + gateway.name(), GATEWAY, () -> gateway.probe(timeout)));
        }
        checks.add(new Check(EMBEDDING_SERVICE, EMBEDDING_SERVICE, () -> embeddingService.probe(timeout)));
        checks.add(new Check(VECTOR_STORE, VECTOR_STORE, () -> embeddingService.probeVectorStore(timeout)));
        checks.add(new Check(POSTGRESQL, POSTGRESQL, history::ping));
        checks.add(new Check(REDIS, REDIS, () -> redis.execute("PING").replaceWithVoid()));
    }

    @Scheduled(every = "${citadel.status.check-interval:15s}", delay = 0,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> checkAll() {
        Instant round = Instant.now();
        return Uni.join().all(checks.stream().map(check -> run(check, round)).toList()).andCollectFailures()
                .chain(results -> {
                    lastRound = round;
                    results.forEach(status -> latest.put(status.name(), status));
                    return history.insert(results).chain(() -> history.deleteOlderThan(config.retention()));
                })
                .onFailure().invoke(failure -> LOG.warnf("Could not record the dependency checks: %s",
                        failure.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** The latest state of every dependency, by name; empty before the first round (or with checks off). */
    public List<DependencyStatus> latest() {
        return latest.values().stream().sorted(Comparator.comparing(DependencyStatus::name)).toList();
    }

    /**
     * Whether this replica can serve: every kind {@code citadel.status.readiness-requires} names has at least one
     * dependency up. Ready before the first round (nothing known to be down) and with checks off.
     */
    public boolean ready() {
        Set<String> required = config.readinessRequires();
        return required.stream().allMatch(kind -> {
            List<DependencyStatus> ofKind = latest.values().stream().filter(status -> status.kind().equals(kind))
                    .toList();
            return ofKind.isEmpty() || ofKind.stream().anyMatch(DependencyStatus::up);
        });
    }

    public StatusResponse status() {
        List<DependencyStatus> dependencies = latest();
        String overall = !ready() ? DependencyStatus.DOWN
                : dependencies.stream().allMatch(DependencyStatus::up) ? DependencyStatus.UP : "DEGRADED";
        return new StatusResponse(overall, lastRound, dependencies);
    }

    private Uni<DependencyStatus> run(Check check, Instant round) {
        long started = System.nanoTime();
        DependencyStatus before = latest.get(check.name());
        return Uni.createFrom().<Void>deferred(() -> check.call().get())
                .ifNoItem().after(config.timeout()).fail()
                .map(ignored -> {
                    if (before != null && !before.up()) {
                        LOG.infof("Dependency %s is up again", check.name());
                    }
                    long latency = Duration.ofNanos(System.nanoTime() - started).toMillis();
                    Instant since = before != null && before.up() ? before.since() : round;
                    return new DependencyStatus(check.name(), check.kind(), DependencyStatus.UP, latency, round,
                            since, before == null ? null : before.lastError(),
                            before == null ? null : before.lastErrorAt());
                })
                .onFailure().recoverWithItem(failure -> {
                    if (before == null || before.up()) {
                        LOG.warnf("Dependency %s is down: %s", check.name(), reason(failure));
                    }
                    Instant since = before != null && !before.up() ? before.since() : round;
                    return new DependencyStatus(check.name(), check.kind(), DependencyStatus.DOWN, null, round,
                            since, reason(failure), round);
                });
    }

    private static String reason(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
