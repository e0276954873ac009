package ai.citadel.embedding.client;

import ai.citadel.commons.rest.UpstreamErrors;
import ai.citadel.embedding.config.EmbeddingConfig;
import ai.citadel.model.common.StringOrList;
import ai.citadel.model.ollama.OllamaEmbedRequest;
import ai.citadel.model.ollama.OllamaEmbedResponse;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Embeds through the configured Ollama hosts ({@code /api/embed}, all texts of a batch in one call). Each host has
 * its own circuit breaker (programmatic guards: annotations would give all hosts one breaker); a call tries the
 * hosts in order and fails with {@link OllamaUnavailableException}, naming each host's reason, when none answers,
 * or with {@link OllamaInputRejectedException} when a host refuses the input itself.
 * Blocking: called from batcher threads, never from the event loop.
 */
@ApplicationScoped
public class OllamaClient {

    private record Host(String name, OllamaEmbedApi api, TypedGuard<OllamaEmbedResponse> guard,
            AtomicReference<CircuitBreakerState> state) {
    }

    private final List<Host> hosts = new ArrayList<>();

    public OllamaClient(EmbeddingConfig config, MeterRegistry registry) {
        EmbeddingConfig.Ollama ollama = config.ollama();
        new TreeMap<>(ollama.hosts()).forEach((name, host) -> host.url().ifPresent(url -> {
            OllamaEmbedApi api = QuarkusRestClientBuilder.newBuilder().baseUri(url)
                    .connectTimeout(ollama.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .readTimeout(ollama.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .build(OllamaEmbedApi.class);
            AtomicReference<CircuitBreakerState> state = new AtomicReference<>(CircuitBreakerState.CLOSED);
            TypedGuard<OllamaEmbedResponse> guard = TypedGuard.create(OllamaEmbedResponse.class)
                    .withCircuitBreaker()
                    .requestVolumeThreshold(ollama.circuitBreakerWindow())
                    .failureRatio(ollama.circuitBreakerFailureRatio())
                    .delay(ollama.circuitBreakerDelay().toMillis(), ChronoUnit.MILLIS)
                    .when(OllamaClient::isHostFailure)
                    .onStateChange(newState -> {
                        state.set(newState);
                        Log.infof("Ollama host %s circuit %s", name, newState);
                    })
                    .done().build();
            Gauge.builder("citadel_embedding_backend_circuit_open", state,
                            current -> current.get() == CircuitBreakerState.OPEN ? 1 : 0)
                    .description("1 while the Ollama host's circuit is open").tag("host", name).register(registry);
            hosts.add(new Host(name, api, guard, state));
        }));
    }

    public boolean hasHosts() {
        return !hosts.isEmpty();
    }

    /** Whether some host's circuit lets calls through. */
    public boolean anyHostUp() {
        return hosts.stream().anyMatch(host -> host.state().get() != CircuitBreakerState.OPEN);
    }

    /** One vector per text, in order, from the first host that answers. */
    public List<float[]> embed(String model, List<String> texts, boolean truncate) {
        if (hosts.isEmpty()) {
            throw new OllamaUnavailableException(model, "no Ollama host is configured");
        }
        OllamaEmbedRequest request = new OllamaEmbedRequest(model, StringOrList.of(texts), truncate, null, null, null);
        List<String> reasons = new ArrayList<>();
        for (Host host : hosts) {
            try {
                OllamaEmbedResponse response = host.guard().call(() -> host.api().embed(request));
                if (response.embeddings() == null || response.embeddings().size() != texts.size()) {
                    throw new IllegalStateException("expected " + texts.size() + " vectors");
                }
                return response.embeddings();
            } catch (CircuitBreakerOpenException e) {
                reasons.add(host.name() + ": circuit open");
            } catch (WebApplicationException e) {
                if (e.getResponse().getStatus() == 400) {
                    // the input is at fault, and another host would refuse it too
                    throw new OllamaInputRejectedException(model, errorMessage(e));
                }
                reasons.add(host.name() + ": HTTP " + e.getResponse().getStatus());
            } catch (Exception e) {
                reasons.add(host.name() + ": " + e.getMessage());
            }
        }
        throw new OllamaUnavailableException(model, String.join("; ", reasons));
    }

    /** Ollama's {@code {"error": "..."}}, or the status line when the body is something else. */
    private static String errorMessage(WebApplicationException e) {
        try {
            return UpstreamErrors.message(e.getResponse().readEntity(String.class)).orElse("HTTP 400");
        } catch (RuntimeException unreadable) {
            return "HTTP 400";
        }
    }

    /** A host that answers 4xx (model not pulled, input rejected) is up: only 5xx and I/O failures open the circuit. */
    private static boolean isHostFailure(Throwable failure) {
        return !(failure instanceof WebApplicationException http) || http.getResponse().getStatus() >= 500;
    }
}
