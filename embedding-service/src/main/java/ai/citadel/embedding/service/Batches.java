package ai.citadel.embedding.service;

import ai.citadel.embedding.inference.MicroBatcher;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/** Submits a request's texts to a batcher in chunks and puts the vectors back together in order. */
final class Batches {

    private Batches() {
    }

    /**
     * @param chunkSize most texts per job (the request's {@code batch_size} or the backend's batch size)
     * @param maxJobs   most jobs for the request: a smaller {@code chunkSize} is raised so the texts fit, so that a
     *                  {@code batch_size} of 1 cannot turn one request into thousands of jobs
     */
    static Uni<List<float[]>> submitInChunks(MicroBatcher<String, float[]> batcher, List<String> texts, int chunkSize,
            int maxJobs) {
        int size = Math.max(chunkSize, Math.ceilDiv(texts.size(), maxJobs));
        List<List<String>> chunks = new ArrayList<>();
        for (int start = 0; start < texts.size(); start += size) {
            chunks.add(texts.subList(start, Math.min(texts.size(), start + size)));
        }
        // submitted on subscription, all chunks or none; cancelling the Uni cancels the jobs
        return Uni.createFrom().deferred(() -> {
            List<Uni<List<float[]>>> parts = batcher.submitAll(chunks).stream()
                    .map(job -> Uni.createFrom().completionStage(job)).toList();
            if (parts.size() == 1) {
                return parts.getFirst();
            }
            return Uni.join().all(parts).andFailFast().map(done -> {
                List<float[]> vectors = new ArrayList<>(texts.size());
                done.forEach(vectors::addAll);
                return vectors;
            });
        });
    }
}
