package ai.citadel.management.service.pulls;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.management.client.OllamaHostClient;
import ai.citadel.management.config.ManagementConfig;
import ai.citadel.management.service.hosts.HostCalls;
import ai.citadel.management.service.hosts.HostOutcome;
import ai.citadel.management.service.models.ModelNames;
import ai.citadel.management.service.models.ModelRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Model pulls (docs/management.md#pulls): each runs on its own, whether or not its caller stays, and is followed by
 * its operation id. One model is downloaded once per host at a time: a pull asked for again while it runs joins it
 * (same model and hosts: the same operation). At most {@code citadel.operations.max-running} host pulls run at once
 * on this replica; a finished operation can be followed for {@code citadel.operations.keep-finished}. Operations live
 * in this replica's memory: a restart forgets them (the registry keeps each model's state), and another replica
 * does not know them.
 */
@ApplicationScoped
public class ModelPulls {

    /** A pull asked for: the operation, and whether it was already running (joined rather than started). */
    public record Started(PullOperation operation, boolean joined) {
    }

    private final HostCalls hosts;
    private final ModelRegistry registry;
    private final ManagementConfig.Operations settings;
    private final Map<String, PullOperation> operations = new ConcurrentHashMap<>();
    /** The host pulls running now, by host and canonical model name. */
    private final Map<String, HostPull> running = new ConcurrentHashMap<>();

    ModelPulls(HostCalls hosts, ModelRegistry registry, ManagementConfig config, MeterRegistry metrics) {
        this.hosts = hosts;
        this.registry = registry;
        this.settings = config.operations();
        Gauge.builder("citadel_management_pulls_running", running, Map::size)
                .description("Model pulls running on this replica, one per model and host").register(metrics);
    }

    /**
     * Starts pulling {@code model} on the named host (every host when null), or joins the pull already running.
     *
     * @throws ApiException 400 for an unknown host, 429 when this replica already runs its most pulls
     */
    public synchronized Started start(String model, String host, String user, String requestId) {
        forgetExpired();
        List<OllamaHostClient> selected = hosts.select(host);
        if (selected.isEmpty()) {
            throw new ApiException(409, "no_hosts", "No Ollama host is configured (citadel.ollama-hosts.*)", null);
        }
        String canonical = ModelNames.canonical(model);
        Set<String> names = selected.stream().map(OllamaHostClient::name).collect(Collectors.toSet());
        Optional<PullOperation> same = operations.values().stream()
                .filter(operation -> !operation.finished() && operation.canonicalModel().equals(canonical)
                        && operation.hosts().equals(names))
                .findFirst();
        if (same.isPresent()) {
            return new Started(same.get(), true);
        }
        long fresh = selected.stream().filter(client -> !running.containsKey(key(client.name(), canonical))).count();
        if (running.size() + fresh > settings.maxRunning()) {
            throw new ApiException(429, "too_many_pulls", "This replica already runs " + running.size()
                    + " pulls (citadel.operations.max-running = " + settings.maxRunning() + "); retry when one ends",
                    null, Map.of("Retry-After", "30"));
        }
        List<HostPull> pulls = new ArrayList<>();
        for (OllamaHostClient client : selected) {
            HostPull pull = running.get(key(client.name(), canonical));
            if (pull == null) {
                pull = new HostPull(client.name(), model);
                running.put(key(client.name(), canonical), pull);
                run(client, pull, canonical, requestId);
            }
            pulls.add(pull);
        }
        PullOperation operation = new PullOperation(UUID.randomUUID().toString(), model, canonical, pulls, user);
        operations.put(operation.id(), operation);
        return new Started(operation, false);
    }

    public Optional<PullOperation> find(String id) {
        return Optional.ofNullable(operations.get(id));
    }

    /**
     * Subscribed here, not by any caller: the pull runs to its end whoever follows it. The registry says
     * {@code pulling} while it runs, then {@code available} (refreshed from the host) or {@code error}.
     */
    private void run(OllamaHostClient client, HostPull pull, String canonical, String requestId) {
        // the end is recorded after the start, however fast the pull
        Uni<Void> marked = registry.status(client.name(), canonical, ModelRegistry.PULLING, null)
                .memoize().indefinitely();
        marked.subscribe().with(ignored -> {
        });
        client.pull(pull.hostModel(), requestId).subscribe().with(pull::progress,
                failure -> {
                    pull.fail(HostOutcome.failed(client.name(), failure).error());
                    finished(client.name(), canonical, pull, marked);
                },
                () -> {
                    pull.ended();
                    finished(client.name(), canonical, pull, marked);
                });
    }

    private void finished(String host, String canonical, HostPull pull, Uni<Void> marked) {
        running.remove(key(host, canonical), pull);
        HostPull.State end = pull.state();
        Log.infof("Pull of %s on %s %s%s", canonical, host, end.state(),
                end.error() == null ? "" : ": " + end.error());
        Uni<Void> recorded = HostPull.SUCCEEDED.equals(end.state())
                ? marked.chain(() -> registry.status(host, canonical, ModelRegistry.AVAILABLE, null))
                        .chain(() -> registry.refresh(host))
                : marked.chain(() -> registry.status(host, canonical, ModelRegistry.ERROR,
                        Map.of("error", end.error())));
        recorded.subscribe().with(ignored -> {
        });
    }

    private void forgetExpired() {
        Instant oldest = Instant.now().minus(settings.keepFinished());
        operations.values().removeIf(operation -> operation.finished() && operation.finishedAt().isBefore(oldest));
    }

    private static String key(String host, String canonical) {
        return host + "\n" + canonical;
    }
}
