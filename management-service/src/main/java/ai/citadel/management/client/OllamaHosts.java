package ai.citadel.management.client;

import ai.citadel.management.config.ManagementConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The configured Ollama hosts ({@code citadel.ollama-hosts.<name>.url}), one client each, in name order. Each host's
 * circuit is a gauge, {@code citadel_management_ollama_circuit_open{host}} (1 while open), present from start-up.
 */
@ApplicationScoped
public class OllamaHosts {

    private final List<OllamaHostClient> inOrder;

    OllamaHosts(ManagementConfig config, MeterRegistry registry) {
        ManagementConfig.Ollama settings = config.ollama();
        this.inOrder = new TreeMap<>(config.ollamaHosts()).entrySet().stream().map(entry -> {
            OllamaApi api = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(entry.getValue().url())
                    .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    // the deadlines are the client's (OllamaHostClient); the transport's stays out of their way
                    .readTimeout(settings.pullIdleTimeout().plus(settings.timeout()).toMillis(), TimeUnit.MILLISECONDS)
                    .build(OllamaApi.class);
            OllamaHostClient client = new OllamaHostClient(entry.getKey(), entry.getValue().url(), api, settings);
            Gauge.builder("citadel_management_ollama_circuit_open", client, host -> host.circuitOpen() ? 1 : 0)
                    .description("1 while the circuit breaker in front of an Ollama host is open")
                    .tag("host", entry.getKey())
                    .register(registry);
            return client;
        }).toList();
    }

    /** Every host, in name order. */
    public List<OllamaHostClient> all() {
        return inOrder;
    }

    public Optional<OllamaHostClient> named(String name) {
        return inOrder.stream().filter(host -> host.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return inOrder.stream().map(OllamaHostClient::name).toList();
    }

    @PreDestroy
    void close() {
        inOrder.forEach(OllamaHostClient::close);
    }
}
