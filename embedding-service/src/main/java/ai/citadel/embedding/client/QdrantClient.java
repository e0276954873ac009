package ai.citadel.embedding.client;

import ai.citadel.embedding.config.EmbeddingConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Calls Qdrant when {@code citadel.embedding.vectors.qdrant.url} is set. Each call is bounded by the configured
 * timeout; no retries here: failed writes are retried by the outbox, failed searches answer 503.
 */
@ApplicationScoped
public class QdrantClient {

    /** One queued write, as the outbox stores it. */
    public enum Operation {
        CREATE_COLLECTION("create_collection"),
        UPSERT("upsert"),
        DELETE("delete");

        private final String wireName;

        Operation(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        public static Operation of(String wireName) {
            for (Operation operation : values()) {
                if (operation.wireName.equals(wireName)) {
                    return operation;
                }
            }
            throw new IllegalArgumentException("unknown outbox operation " + wireName);
        }
    }

    private final Optional<QdrantApi> api;
    private final Duration timeout;

    public QdrantClient(EmbeddingConfig config) {
        EmbeddingConfig.Vectors.Qdrant qdrant = config.vectors().qdrant();
        this.timeout = qdrant.timeout();
        this.api = qdrant.url().map(url -> build(url, timeout));
    }

    public boolean configured() {
        return api.isPresent();
    }

    /** Applies one write; creating a collection that exists already counts as done. */
    public Uni<Void> apply(Operation operation, String collection, JsonNode body) {
        QdrantApi qdrant = api.orElseThrow();
        Uni<JsonNode> call = switch (operation) {
            case CREATE_COLLECTION -> qdrant.createCollection(collection, body)
                    .onFailure(QdrantClient::isConflict).recoverWithNull();
            case UPSERT -> qdrant.upsert(collection, true, body);
            case DELETE -> qdrant.delete(collection, true, body);
        };
        return bounded(call).replaceWithVoid();
    }

    /** The {@code result} of a search: hits with id, score and payload. */
    public Uni<JsonNode> search(String collection, JsonNode body) {
        return bounded(api.orElseThrow().search(collection, body)).map(response -> response.path("result"));
    }

    /** The point, or empty when Qdrant has no such point. */
    public Uni<Optional<JsonNode>> retrieve(String collection, String pointId) {
        return bounded(api.orElseThrow().retrieve(collection, pointId))
                .map(response -> Optional.of(response.path("result")))
                .onFailure(QdrantClient::isNotFound).recoverWithItem(Optional.empty());
    }

    private Uni<JsonNode> bounded(Uni<JsonNode> call) {
        return call.ifNoItem().after(timeout).fail();
    }

    private static boolean isConflict(Throwable failure) {
        return failure instanceof WebApplicationException http && http.getResponse().getStatus() == 409;
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof WebApplicationException http && http.getResponse().getStatus() == 404;
    }

    private static QdrantApi build(URI url, Duration timeout) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(url)
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .build(QdrantApi.class);
    }
}
