package ai.citadel.embedding.vector;

import ai.citadel.embedding.client.QdrantClient;
import ai.citadel.embedding.config.EmbeddingConfig;
import ai.citadel.embedding.repository.QdrantOutboxRepository;
import ai.citadel.embedding.repository.VectorRepository;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Picks the vector store adapter: Qdrant when its URL is configured, PostgreSQL otherwise. */
public class VectorStoreProducer {

    /** Created at start, off the event loop: the PostgreSQL store reads where the change feed stands first. */
    @Produces
    @Singleton
    @Startup
    VectorStore vectorStore(QdrantClient qdrant, QdrantOutboxRepository outbox, VectorRepository vectors, Vertx vertx,
            EmbeddingConfig config) {
        if (qdrant.configured()) {
            Log.info("vector store: Qdrant at " + config.vectors().qdrant().url().orElseThrow());
            return new QdrantVectorStore(qdrant, outbox, vertx, config.vectors().qdrant().replayInterval());
        }
        Log.info("vector store: PostgreSQL (no Qdrant URL configured)");
        return new PostgresVectorStore(vectors, vertx, config.vectors().pollInterval(),
                config.vectors().changeRetention());
    }

    void close(@Disposes VectorStore store) throws Exception {
        if (store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
