package ai.citadel.embedding.service;

import ai.citadel.embedding.inference.BatchMetrics;
import ai.citadel.embedding.inference.MicroBatcher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A request's texts become a bounded number of batcher jobs, whatever batch size it asks for. */
class BatchesTest {

    @Test
    void batchSizeOfOneCannotTurnARequestIntoThousandsOfJobs() {
        BatchMetrics metrics = BatchMetrics.of(new SimpleMeterRegistry(), "test");
        List<String> texts = IntStream.range(0, 2048).mapToObj(i -> "text " + i).toList();
        try (MicroBatcher<String, float[]> batcher = new MicroBatcher<>("test",
                inputs -> inputs.stream().map(text -> new float[] {text.length()}).toList(),
                new MicroBatcher.Settings(16, Duration.ofMillis(1), 2, 4096, Duration.ofSeconds(10)), metrics)) {
            List<float[]> vectors = Batches.submitInChunks(batcher, texts, 1, 64)
                    .await().atMost(Duration.ofSeconds(30));

            assertEquals(2048, vectors.size());
            assertEquals("text 2047".length(), vectors.get(2047)[0]);
            assertEquals(64, metrics.queueWait().count(), "jobs queued for 2,048 texts at batch_size 1");
        }
    }
}
