package ai.citadel.orchestration.client;

import ai.citadel.commons.http.StreamingHttpClient;
import ai.citadel.commons.security.ServiceCredentials;
import ai.citadel.orchestration.config.DependenciesConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The configured gateways ({@code citadel.gateways.<name>.*}), one client each, in name order: the order LLM steps
 * try them in. Each gateway's circuit is a gauge, {@code citadel_orchestration_gateway_circuit_open{gateway}}
 * (1 while open), present from start-up.
 */
@ApplicationScoped
public class GatewayClients {

    private final List<GatewayClient> inOrder;

    GatewayClients(DependenciesConfig config, ObjectMapper json, Vertx vertx, MeterRegistry registry) {
        DependenciesConfig.Llm settings = config.llm();
        this.inOrder = new TreeMap<>(config.gateways()).entrySet().stream().map(entry -> {
            String name = entry.getKey();
            DependenciesConfig.Gateway gateway = entry.getValue();
            GatewayApi api = QuarkusRestClientBuilder.newBuilder()
                    .baseUri(gateway.url())
                    .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    // the deadlines are the client's (GatewayClient); the transport's own stays out of their way
                    .readTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build(GatewayApi.class);
            String authorization = gateway.apiKey().map(key -> "Bearer " + key)
                    .orElseGet(ServiceCredentials::authorization);
            StreamingHttpClient streaming = new StreamingHttpClient(vertx, json, gateway.url(),
                    Optional.ofNullable(authorization), settings.connectTimeout(), settings.timeout(),
                    settings.connectionPoolSize(), false);
            GatewayClient client = new GatewayClient(name, api, streaming, authorization, json, settings);
            Gauge.builder("citadel_orchestration_gateway_circuit_open", client, open -> open.circuitOpen() ? 1 : 0)
                    .description("1 while the circuit breaker in front of an LLM gateway is open")
                    .tag("gateway", name)
                    .register(registry);
            return client;
        }).toList();
    }

    /** Every gateway, in the order LLM steps try them. */
    public List<GatewayClient> inOrder() {
        return inOrder;
    }

    @PreDestroy
    void close() {
        inOrder.forEach(GatewayClient::close);
    }
}
