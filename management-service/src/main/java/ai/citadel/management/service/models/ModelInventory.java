package ai.citadel.management.service.models;

import ai.citadel.management.service.hosts.HostCalls;
import ai.citadel.management.service.hosts.HostOutcome;
import ai.citadel.model.management.HostModelInfo;
import ai.citadel.model.management.HostModels;
import ai.citadel.model.management.HostRunningModels;
import ai.citadel.model.management.ModelInfo;
import ai.citadel.model.management.ModelsByHost;
import ai.citadel.model.management.RunningByHost;
import ai.citadel.model.ollama.OllamaPsResponse;
import ai.citadel.model.ollama.OllamaShowResponse;
import ai.citadel.model.ollama.OllamaTagsResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * What the hosts hold and run, asked live: {@code /api/tags}, {@code /api/ps}, {@code /api/show} on the host named or
 * on all of them, each host's outcome said on its own. Every answered list also refreshes the model
 * registry.
 */
@ApplicationScoped
public class ModelInventory {

    private final HostCalls hosts;
    private final ModelRegistry registry;

    ModelInventory(HostCalls hosts, ModelRegistry registry) {
        this.hosts = hosts;
        this.registry = registry;
    }

    public Uni<List<HostOutcome<OllamaTagsResponse>>> tags(String host, String requestId) {
        // the registry learns from the answer off the caller's path: its bookkeeping never delays a list
        return hosts.onHosts(host, client -> client.tags(requestId))
                .invoke(outcomes -> registry.seen(outcomes).subscribe().with(done -> { }));
    }

    public static ModelsByHost models(List<HostOutcome<OllamaTagsResponse>> outcomes) {
        return new ModelsByHost(outcomes.stream().map(outcome -> new HostModels(outcome.host(), outcome.status(),
                outcome.error(), outcome.isOk() ? orEmpty(outcome.value().models()) : null)).toList());
    }

    public Uni<List<HostOutcome<OllamaPsResponse>>> running(String host, String requestId) {
        return hosts.onHosts(host, client -> client.ps(requestId));
    }

    public static RunningByHost running(List<HostOutcome<OllamaPsResponse>> outcomes) {
        return new RunningByHost(outcomes.stream().map(outcome -> new HostRunningModels(outcome.host(),
                outcome.status(), outcome.error(), outcome.isOk() ? orEmpty(outcome.value().models()) : null))
                .toList());
    }

    public Uni<List<HostOutcome<OllamaShowResponse>>> info(String name, String host, String requestId) {
        return hosts.onHosts(host, client -> client.show(name, requestId));
    }

    public static ModelInfo info(String name, List<HostOutcome<OllamaShowResponse>> outcomes) {
        return new ModelInfo(name, outcomes.stream().map(outcome -> new HostModelInfo(outcome.host(),
                outcome.status(), outcome.error(), outcome.value())).toList());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
