package ai.citadel.embedding.vector;

import ai.citadel.embedding.config.EmbeddingConfig;
import ai.citadel.embedding.repository.VectorRepository;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/** Picks the vector store adapter. */
public class VectorStoreProducer {

    /** Created at start, off the event loop: it reads where the change feed stands before any collection loads. */
    @Produces
    @Singleton
    @Startup
    PostgresVectorStore postgres(VectorRepository repository, Vertx vertx, EmbeddingConfig config) {
        return new PostgresVectorStore(repository, vertx, config.vectors().pollInterval());
    }

    void close(@Disposes PostgresVectorStore store) {
        store.close();
    }
}
