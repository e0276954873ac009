package ai.citadel.orchestration.client;

import ai.citadel.commons.faulttolerance.CircuitBreakers;
import ai.citadel.model.embedding.EmbeddingBatchRequest;
import ai.citadel.model.embedding.EmbeddingBatchResponse;
import ai.citadel.model.embedding.EmbeddingGenerateRequest;
import ai.citadel.model.embedding.EmbeddingGenerateResponse;
import ai.citadel.model.vector.VectorSearchRequest;
import ai.citadel.model.vector.VectorSearchResponse;
import ai.citadel.model.vector.VectorStoreRequest;
import ai.citadel.model.vector.VectorStoreResponse;
import ai.citadel.orchestration.config.DependenciesConfig;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * embedding-service, guarded ({@code citadel.embedding-service.*}): every call has a deadline, and one circuit
 * breaker covers them all, so that while the service is down steps fail at once (and are retried later by the
 * engine) instead of each waiting for its deadline. No retry here: retrying is the engine's, with backoff.
 */
@ApplicationScoped
public class EmbeddingServiceClient {

    public static final String NAME = "embedding-service";
    private static final String PROBE_COLLECTION = "citadel-status-probe";

    private final EmbeddingServiceApi api;
    private final Duration timeout;
    private final Guard guard;

    EmbeddingServiceClient(@RestClient EmbeddingServiceApi api, DependenciesConfig config) {
        this.api = api;
        this.timeout = config.embeddingService().timeout();
        this.guard = CircuitBreakers.guard(EmbeddingServiceClient.class.getName(),
                config.embeddingService().circuitBreaker(), Guards::isDependencyFault,
                state -> Log.infof("Circuit of %s is now %s", NAME, state));
    }

    public Uni<EmbeddingGenerateResponse> generate(EmbeddingGenerateRequest request, String requestId) {
        return guarded(new TypeLiteral<>() {
        }, () -> api.generate(requestId, request));
    }

    public Uni<EmbeddingBatchResponse> batch(EmbeddingBatchRequest request, String requestId) {
        return guarded(new TypeLiteral<>() {
        }, () -> api.batch(requestId, request));
    }

    public Uni<VectorStoreResponse> store(VectorStoreRequest request, String requestId) {
        return guarded(new TypeLiteral<>() {
        }, () -> api.store(requestId, request));
    }

    public Uni<VectorSearchResponse> search(VectorSearchRequest request, String requestId) {
        return guarded(new TypeLiteral<>() {
        }, () -> api.search(requestId, request));
    }

    /** The dependency check of the service: its model list answers within {@code timeout}. Not guarded. */
    public Uni<Void> probe(Duration timeout) {
        return api.models().ifNoItem().after(timeout).fail().replaceWithVoid();
    }

    /**
     * The dependency check of the vector store behind the service: a search of a collection that does not exist,
     * which only the store can answer; its "not found" is the store's answer, so up. Not guarded.
     */
    public Uni<Void> probeVectorStore(Duration timeout) {
        return api.search("status-probe", new VectorSearchRequest(PROBE_COLLECTION, null, new float[]{1f}, 1, null,
                        null))
                .ifNoItem().after(timeout).fail().replaceWithVoid()
                .onFailure(failure -> failure instanceof DependencyHttpException http && http.status() == 404)
                .recoverWithNull();
    }

    private <T> Uni<T> guarded(TypeLiteral<Uni<T>> type, Supplier<Uni<T>> call) {
        return Guards.cancellable(guard, type, () -> call.get().ifNoItem().after(timeout)
                .failWith(() -> new TimeoutException(NAME + " did not answer within " + Guards.describe(timeout))));
    }
}
