package ai.citadel.embedding.service;

import ai.citadel.embedding.inference.MicroBatcher;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/** Submits a request's texts to a batcher in chunks and puts the vectors back together in order. */
final class Batches {

    private Batches() {
    }

    static Uni<List<float[]>> submitInChunks(MicroBatcher<String, float[]> batcher, List<String> texts, int chunkSize) {
        List<Uni<List<float[]>>> chunks = new ArrayList<>();
        for (int start = 0; start < texts.size(); start += chunkSize) {
            List<String> chunk = texts.subList(start, Math.min(texts.size(), start + chunkSize));
            chunks.add(Uni.createFrom().completionStage(() -> batcher.submit(chunk)));
        }
        if (chunks.size() == 1) {
            return chunks.getFirst();
        }
        return Uni.join().all(chunks).andFailFast().map(parts -> {
            List<float[]> vectors = new ArrayList<>(texts.size());
            parts.forEach(vectors::addAll);
            return vectors;
        });
    }
}
