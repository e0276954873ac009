package ai.citadel.gateway.client;

import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.model.openai.EmbeddingRequest;
import ai.citadel.model.openai.EmbeddingResponse;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;

/**
 * embedding-service, guarded ({@code citadel.embedding-service.*}): a call that hangs ends at the timeout, and
 * after repeated transport failures or timeouts the circuit opens so requests fail at once instead of queueing
 * behind a dead service. An error the service answers ({@link EmbeddingServiceException}) proves it reachable and
 * does not count against the circuit. No retry: a request that timed out may still be computing there, and a
 * second one would only double the load.
 */
@ApplicationScoped
public class EmbeddingServiceClient {

    public static final String NAME = "embedding-service";

    private final EmbeddingServiceApi api;
    private final TypedGuard<Uni<EmbeddingResponse>> guard;

    EmbeddingServiceClient(@RestClient EmbeddingServiceApi api, GatewayConfig config) {
        this.api = api;
        GatewayConfig.EmbeddingServiceCalls settings = config.embeddingService();
        this.guard = Guards.timeoutAndBreaker(new TypeLiteral<Uni<EmbeddingResponse>>() {
        }, EmbeddingServiceClient.class.getName() + ".embeddings", settings.timeout(), settings.circuitBreaker(),
                List.of(EmbeddingServiceException.class));
    }

    public Uni<EmbeddingResponse> embeddings(EmbeddingRequest request, String requestId) {
        return guard.get(() -> api.embeddings(requestId, request));
    }
}
