package ai.citadel.management.service.system;

import ai.citadel.management.client.CitadelServices;
import ai.citadel.management.service.hosts.HostCalls;
import ai.citadel.management.service.hosts.HostOutcome;
import ai.citadel.management.service.models.ModelInventory;
import ai.citadel.model.management.OllamaStatus;
import ai.citadel.model.management.ServicesStatus;
import ai.citadel.model.management.StorageUsage;
import ai.citadel.model.ollama.OllamaPsResponse;
import ai.citadel.model.ollama.OllamaTagsResponse;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform around this service (docs/management.md#system): Citadel's services, the Ollama hosts, where the bytes
 * are. Every part that fails is reported as such inside the answer; none fails the call.
 */
@ApplicationScoped
public class PlatformStatus {

    private final CitadelServices services;
    private final HostCalls hosts;
    private final ModelInventory inventory;
    private final DataDirectories directories;

    PlatformStatus(CitadelServices services, HostCalls hosts, ModelInventory inventory, DataDirectories directories) {
        this.services = services;
        this.hosts = hosts;
        this.inventory = inventory;
        this.directories = directories;
    }

    public Uni<ServicesStatus> services() {
        return services.status();
    }

    /**
     * Each selected host ({@code host}, or all): {@code /api/version}, timed, then {@code /api/ps}.
     *
     * @throws ai.citadel.commons.rest.ApiException 400 {@code unknown_host}
     */
    public Uni<List<HostOutcome<HostState>>> ollama(String host, String requestId) {
        return hosts.onHosts(host, client -> {
            long start = System.nanoTime();
            return client.version(requestId)
                    .map(version -> new HostState(version.version(), millisSince(start), null))
                    .chain(state -> client.ps(requestId).map(ps -> new HostState(state.version(),
                            state.latencyMs(), ps.models() == null ? List.of() : ps.models())));
        });
    }

    public OllamaStatus ollamaStatus(List<HostOutcome<HostState>> outcomes) {
        return OllamaStatus.of(outcomes.stream().map(outcome -> {
            String url = hosts.select(outcome.host()).getFirst().url().toString();
            HostState state = outcome.value();
            return outcome.isOk()
                    ? new OllamaStatus.Host(outcome.host(), url, outcome.status(), true, state.version(),
                    state.latencyMs(), state.loaded(), null)
                    : new OllamaStatus.Host(outcome.host(), url, outcome.status(), false, null, null, null,
                    outcome.error());
        }).toList());
    }

    /**
     * Every host's model list ({@code /api/tags}, which also refreshes the registry) and the data directories,
     * walked on a worker thread.
     */
    public Uni<StorageReading> storage(String requestId) {
        Uni<List<StorageUsage.Directory>> walked = Uni.createFrom().item(directories::usage)
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return Uni.combine().all().unis(inventory.tags(null, requestId), walked).with(StorageReading::new);
    }

    public static StorageUsage storageUsage(StorageReading reading) {
        return new StorageUsage(reading.stores().stream().map(PlatformStatus::store).toList(), reading.directories());
    }

    private static StorageUsage.ModelStore store(HostOutcome<OllamaTagsResponse> outcome) {
        if (!outcome.isOk()) {
            return new StorageUsage.ModelStore(outcome.host(), outcome.status(), outcome.error(), null, null);
        }
        List<OllamaTagsResponse.Model> models = outcome.value().models() == null ? List.of()
                : outcome.value().models();
        return new StorageUsage.ModelStore(outcome.host(), outcome.status(), null, models.size(),
                models.stream().mapToLong(OllamaTagsResponse.Model::size).sum());
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** What one host answered: its version, how long that took, the models it has in memory. */
    public record HostState(String version, long latencyMs, List<OllamaPsResponse.RunningModel> loaded) {
    }

    /** The hosts' model lists and the data directories' use. */
    public record StorageReading(List<HostOutcome<OllamaTagsResponse>> stores,
                                 List<StorageUsage.Directory> directories) {
    }
}
