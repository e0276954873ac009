package ai.citadel.management.client;

import ai.citadel.commons.faulttolerance.CircuitBreakers;
import ai.citadel.commons.security.ServiceCredentials;
import ai.citadel.management.config.ManagementConfig;
import ai.citadel.model.openai.ModelList;
import io.quarkus.logging.Log;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway's model catalog ({@code GET /v1/models}) at {@code citadel.gateway.url}, sent with
 * {@code citadel.gateway.api-key} or else the service token, behind a circuit breaker
 * ({@code citadel.gateway.circuit-breaker.*}) and a deadline ({@code citadel.gateway.timeout}).
 */
@ApplicationScoped
public class GatewayCatalog {

    private static final TypeLiteral<Uni<ModelList>> MODELS = new TypeLiteral<>() {
    };

    private final GatewayApi api;
    private final String authorization;
    private final ManagementConfig.Gateway settings;
    private final Guard guard;

    GatewayCatalog(ManagementConfig config) {
        this.settings = config.gateway();
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(settings.url())
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // the deadline is this class's; the transport's own stays out of its way
                .readTimeout(settings.timeout().multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)
                .build(GatewayApi.class);
        this.authorization = settings.apiKey().map(key -> "Bearer " + key)
                .orElseGet(ServiceCredentials::authorization);
        this.guard = CircuitBreakers.guard(GatewayCatalog.class.getName(), settings.circuitBreaker(),
                failure -> !(failure instanceof GatewayHttpException http) || http.status() >= 500,
                state -> Log.infof("Circuit of the gateway's catalog is now %s", state));
    }

    /** The catalog; fails when the gateway cannot be reached, is too slow or refuses (its circuit may be open). */
    public Uni<ModelList> models(String requestId) {
        return guard.get(() -> api.models(authorization, requestId).ifNoItem().after(settings.timeout())
                .failWith(() -> new TimeoutException("the gateway did not answer within "
                        + settings.timeout().toMillis() + " ms")), MODELS);
    }

    @PreDestroy
    void close() {
        if (api instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                Log.debugf(e, "Closing the gateway client failed");
            }
        }
    }
}
