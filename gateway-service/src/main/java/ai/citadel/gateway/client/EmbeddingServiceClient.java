package ai.citadel.gateway.client;

import ai.citadel.model.openai.EmbeddingRequest;
import ai.citadel.model.openai.EmbeddingResponse;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * embedding-service, guarded: a call that hangs ends at the timeout, and after repeated transport failures or
 * timeouts the circuit opens so requests fail at once instead of queueing behind a dead service. An error the
 * service answers ({@link EmbeddingServiceException}) proves it reachable and does not count against the circuit.
 * No retry: a request that timed out may still be computing there, and a second one would only double the load.
 * The timeout can be changed with
 * {@code quarkus.fault-tolerance."ai.citadel.gateway.client.EmbeddingServiceClient/embeddings".timeout.value}.
 */
@ApplicationScoped
public class EmbeddingServiceClient {

    public static final String NAME = "embedding-service";

    private final EmbeddingServiceApi api;

    EmbeddingServiceClient(@RestClient EmbeddingServiceApi api) {
        this.api = api;
    }

    @Timeout(30_000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000,
            skipOn = EmbeddingServiceException.class)
    public Uni<EmbeddingResponse> embeddings(EmbeddingRequest request, String requestId) {
        return api.embeddings(requestId, request);
    }
}
