package ai.citadel.embedding.service;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** Where a model runs: computes vectors, no cache involved. */
interface ModelBackend {

    /**
     * One vector per text, in order. Fails with {@link ModelUnavailableException} when the model cannot run now.
     *
     * @param maxBatch most texts of this request per model call
     */
    Uni<List<float[]>> embed(EmbeddingModel model, List<String> texts, boolean truncate, int maxBatch);

    boolean available(EmbeddingModel model);

    /**
     * Fails with {@link ai.citadel.embedding.inference.InputTooLongException} when a text exceeds the model's
     * context; checked before the cache, so the answer does not depend on what is cached. Backends that cannot
     * count tokens leave it to the model server.
     */
    default void rejectOverLong(List<String> texts) {
    }
}
