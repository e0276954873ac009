package ai.citadel.management.service.models;

import ai.citadel.management.client.OllamaHosts;
import ai.citadel.management.repository.LlmMetadataRepository;
import ai.citadel.management.service.hosts.HostCalls;
import ai.citadel.management.service.hosts.HostOutcome;
import ai.citadel.model.ollama.OllamaTagsResponse;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * The model registry ({@code management.llm_metadata}, docs/management.md#model-registry): refreshed from every
 * host's {@code /api/tags} every {@code citadel.registry.refresh-interval}, whenever a caller's list brings fresh
 * news, and around each pull and delete. A host that does not answer changes nothing: its rows keep their
 * {@code last_seen_at}. The registry is bookkeeping: a PostgreSQL failure here is logged, never a caller's error.
 */
@ApplicationScoped
public class ModelRegistry {

    public static final String AVAILABLE = "available";
    public static final String PULLING = "pulling";
    public static final String DELETED = "deleted";
    public static final String ERROR = "error";

    private final LlmMetadataRepository repository;
    private final HostCalls hosts;
    private final OllamaHosts configured;

    ModelRegistry(LlmMetadataRepository repository, HostCalls hosts, OllamaHosts configured) {
        this.repository = repository;
        this.hosts = hosts;
        this.configured = configured;
    }

    /** Asks every host for its models and records what they say. */
    @Scheduled(every = "${citadel.registry.refresh-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> refresh() {
        return hosts.onHosts(configured.all(), client -> client.tags(null)).chain(this::seen);
    }

    /** Asks one host for its models and records what it says. */
    public Uni<Void> refresh(String host) {
        return hosts.onHosts(host, client -> client.tags(null)).chain(this::seen);
    }

    /** Records the lists hosts answered with; completes once written (or failed, logged). */
    public Uni<Void> seen(List<HostOutcome<OllamaTagsResponse>> outcomes) {
        List<Uni<Void>> writes = outcomes.stream().filter(HostOutcome::isOk)
                .map(outcome -> logged(repository.seen(outcome.host(), models(outcome.value())),
                        "the models of " + outcome.host()))
                .toList();
        return writes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(writes).andCollectFailures()
                .replaceWithVoid();
    }

    /** Records a change of one model on one host; {@code note} is kept in its details (never a secret). */
    public Uni<Void> status(String host, String name, String status, Map<String, Object> note) {
        return logged(repository.status(host, name, status, note), "the status of " + name + " on " + host);
    }

    private static List<OllamaTagsResponse.Model> models(OllamaTagsResponse tags) {
        return tags.models() == null ? List.of() : tags.models();
    }

    private static Uni<Void> logged(Uni<Void> write, String what) {
        return write.onFailure().recoverWithUni(failure -> {
            Log.warnf("The model registry could not record %s: %s", what, failure.getMessage());
            return Uni.createFrom().voidItem();
        });
    }
}
