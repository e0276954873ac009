package ai.citadel.gateway.client;

import ai.citadel.gateway.config.GatewayConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The configured backends, one client each, built once at start-up. */
@ApplicationScoped
public class Backends {

    private final Map<String, LlmBackend> byName = new LinkedHashMap<>();

    public Backends(GatewayConfig config, Vertx vertx, ObjectMapper json) {
        GatewayConfig.Routing routing = config.routing();
        config.backends().forEach((name, backend) -> {
            // without a pool size of its own, max-in-flight bounds the connections in use, and each event loop
            // keeps its own so that a request's backend I/O stays on its thread (docs/gateway.md#routing-failover-and-health)
            BackendHttp http = new BackendHttp(vertx, json, name, backend.url(), backend.apiKey(),
                    routing.connectTimeout(), routing.idleTimeout(),
                    backend.connectionPoolSize().orElse(backend.maxInFlight()),
                    backend.connectionPoolSize().isEmpty());
            BackendDialect dialect = switch (backend.type()) {
                case OLLAMA -> BackendDialect.OLLAMA;
                case OPENAI -> BackendDialect.OPENAI;
            };
            byName.put(name, new HttpLlmBackend(name, http, dialect, routing.connectTimeout()));
        });
    }

    public LlmBackend get(String name) {
        LlmBackend backend = byName.get(name);
        if (backend == null) {
            throw new IllegalArgumentException("no backend named " + name);
        }
        return backend;
    }

    public Set<String> names() {
        return byName.keySet();
    }

    void close(@Observes ShutdownEvent shutdown) {
        byName.values().forEach(LlmBackend::close);
    }
}
