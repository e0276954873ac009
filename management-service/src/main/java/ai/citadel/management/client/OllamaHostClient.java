package ai.citadel.management.client;

import ai.citadel.commons.faulttolerance.CircuitBreakers;
import ai.citadel.management.config.ManagementConfig;
import ai.citadel.model.ollama.OllamaDeleteRequest;
import ai.citadel.model.ollama.OllamaProgress;
import ai.citadel.model.ollama.OllamaPsResponse;
import ai.citadel.model.ollama.OllamaPullRequest;
import ai.citadel.model.ollama.OllamaShowRequest;
import ai.citadel.model.ollama.OllamaShowResponse;
import ai.citadel.model.ollama.OllamaTagsResponse;
import ai.citadel.model.ollama.OllamaVersionResponse;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One Ollama host, behind its own circuit breaker ({@code citadel.ollama.circuit-breaker.*}). Each call has a
 * deadline ({@code citadel.ollama.timeout}); a pull's progress stream may not fall silent for longer than
 * {@code citadel.ollama.pull-idle-timeout}. Timeouts, connection failures and 5xx count against the host; its 4xx
 * (a model it does not have) do not.
 */
public final class OllamaHostClient {

    private final String name;
    private final URI url;
    private final OllamaApi api;
    private final Duration timeout;
    private final Duration pullIdleTimeout;
    private final Guard guard;
    private volatile CircuitBreakerState circuit = CircuitBreakerState.CLOSED;

    OllamaHostClient(String name, URI url, OllamaApi api, ManagementConfig.Ollama settings) {
        this.name = name;
        this.url = url;
        this.api = api;
        this.timeout = settings.timeout();
        this.pullIdleTimeout = settings.pullIdleTimeout();
        this.guard = CircuitBreakers.guard(OllamaHostClient.class.getName() + "." + name, settings.circuitBreaker(),
                OllamaHostClient::isHostFault, this::circuitChanged);
    }

    /** The host's configured name ({@code llm-01}). */
    public String name() {
        return name;
    }

    public URI url() {
        return url;
    }

    public boolean circuitOpen() {
        return circuit == CircuitBreakerState.OPEN;
    }

    public Uni<OllamaTagsResponse> tags(String requestId) {
        return guarded(() -> api.tags(requestId), new TypeLiteral<>() {
        });
    }

    public Uni<OllamaPsResponse> ps(String requestId) {
        return guarded(() -> api.ps(requestId), new TypeLiteral<>() {
        });
    }

    public Uni<OllamaVersionResponse> version(String requestId) {
        return guarded(() -> api.version(requestId), new TypeLiteral<>() {
        });
    }

    /** Fails with an {@link OllamaHttpException} 404 when the host does not have the model. */
    public Uni<OllamaShowResponse> show(String model, String requestId) {
        return guarded(() -> api.show(requestId, OllamaShowRequest.of(model)), new TypeLiteral<>() {
        });
    }

    /** Fails with an {@link OllamaHttpException} 404 when the host does not have the model. */
    public Uni<Void> delete(String model, String requestId) {
        return guarded(() -> api.delete(requestId, new OllamaDeleteRequest(model)), new TypeLiteral<>() {
        });
    }

    /**
     * Ollama's pull progress, record by record, until {@code success}. Not guarded by the breaker (a download lasts
     * minutes), but refused at once while the breaker is open; silence beyond the idle timeout fails it.
     */
    public Multi<OllamaProgress> pull(String model, String requestId) {
        if (circuitOpen()) {
            return Multi.createFrom().failure(new CircuitBreakerOpenException(name + " is not answering (circuit open)"));
        }
        return api.pull(requestId, OllamaPullRequest.of(model, true))
                .ifNoItem().after(pullIdleTimeout)
                .failWith(() -> new TimeoutException(name + " sent no progress for " + describe(pullIdleTimeout)));
    }

    /** Closes the REST client's connections (a client built programmatically is not closed by Quarkus). */
    void close() {
        if (api instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                Log.debugf(e, "Closing the client of Ollama host %s failed", name);
            }
        }
    }

    private <T> Uni<T> guarded(Supplier<Uni<T>> call, TypeLiteral<Uni<T>> type) {
        return guard.get(() -> call.get().ifNoItem().after(timeout)
                .failWith(() -> new TimeoutException(name + " did not answer within " + describe(timeout))), type);
    }

    /** Timeouts, transport failures and 5xx say the host is unwell; its 4xx are about the request. */
    static boolean isHostFault(Throwable failure) {
        return !(failure instanceof OllamaHttpException http) || http.isServerError();
    }

    private static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private void circuitChanged(CircuitBreakerState state) {
        if (circuit != state) {
            Log.infof("Circuit of Ollama host %s is now %s", name, state);
        }
        circuit = state;
    }
}
