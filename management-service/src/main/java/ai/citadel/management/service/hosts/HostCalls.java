package ai.citadel.management.service.hosts;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.management.client.OllamaHostClient;
import ai.citadel.management.client.OllamaHosts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.function.Function;

/**
 * Runs a call on the host a caller named ({@code ?host=}) or on every configured host at once, and says per host
 * what happened: a host that is down is one {@link HostOutcome}, never a failure of the whole call.
 */
@ApplicationScoped
public class HostCalls {

    private final OllamaHosts hosts;

    public HostCalls(OllamaHosts hosts) {
        this.hosts = hosts;
    }

    /**
     * The named host, or every host when {@code host} is null or empty.
     *
     * @throws ApiException 400 {@code unknown_host} naming the configured hosts
     */
    public List<OllamaHostClient> select(String host) {
        if (host == null || host.isEmpty()) {
            return hosts.all();
        }
        return hosts.named(host).map(List::of).orElseThrow(() -> new ApiException(400, "unknown_host",
                "No Ollama host is named '" + host + "'; configured: " + String.join(", ", hosts.names()), "host"));
    }

    /** {@code call} on each selected host concurrently; the outcomes in host name order. */
    public <T> Uni<List<HostOutcome<T>>> onHosts(String host, Function<OllamaHostClient, Uni<T>> call) {
        return onHosts(select(host), call);
    }

    public <T> Uni<List<HostOutcome<T>>> onHosts(List<OllamaHostClient> selected,
                                                 Function<OllamaHostClient, Uni<T>> call) {
        if (selected.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<HostOutcome<T>>> calls = selected.stream()
                .map(client -> Uni.createFrom().deferred(() -> call.apply(client))
                        .map(value -> HostOutcome.ok(client.name(), value))
                        .onFailure().recoverWithItem(failure -> HostOutcome.<T>failed(client.name(), failure)))
                .toList();
        return Uni.join().all(calls).andFailFast();
    }
}
