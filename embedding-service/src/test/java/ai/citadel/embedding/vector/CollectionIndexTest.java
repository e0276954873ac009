package ai.citadel.embedding.vector;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Exact cosine search in memory: what the PostgreSQL vector store answers searches with. */
class CollectionIndexTest {

    private static VectorPoint point(String id, Map<String, Object> metadata, float... vector) {
        return new VectorPoint(id, vector, "text of " + id, metadata);
    }

    private static List<String> ids(List<VectorMatch> matches) {
        return matches.stream().map(match -> match.point().id()).toList();
    }

    @Test
    void bestMatchesComeFirstWithCosineScoresWhateverTheVectorsLength() {
        CollectionIndex index = new CollectionIndex();
        index.put(point("same-direction", null, 10, 0, 0, 0, 0));
        index.put(point("diagonal", null, 1, 1, 0, 0, 0));
        index.put(point("orthogonal", null, 0, 0, 3, 0, 0));
        index.put(point("opposite", null, -2, 0, 0, 0, 0));

        List<VectorMatch> matches = index.search(new float[] {0.5f, 0, 0, 0, 0}, 10, null);

        assertEquals(List.of("same-direction", "diagonal", "orthogonal", "opposite"), ids(matches));
        assertEquals(1.0, matches.get(0).score(), 1e-6);
        assertEquals(Math.sqrt(0.5), matches.get(1).score(), 1e-6);
        assertEquals(0.0, matches.get(2).score(), 1e-6);
        assertEquals(-1.0, matches.get(3).score(), 1e-6);
    }

    @Test
    void limitKeepsOnlyTheBest() {
        CollectionIndex index = new CollectionIndex();
        for (int i = 0; i < 100; i++) {
            index.put(point("p" + i, null, 1, i / 100f));
        }
        assertEquals(List.of("p0", "p1", "p2"), ids(index.search(new float[] {1, 0}, 3, null)));
    }

    @Test
    void filtersMatchMetadataExactlyAndNumbersByValue() {
        CollectionIndex index = new CollectionIndex();
        index.put(point("a", Map.of("lang", "en", "year", 2024), 1, 0));
        index.put(point("b", Map.of("lang", "fr", "year", 2024.0), 1, 0.1f));
        index.put(point("c", Map.of("lang", "en"), 1, 0.2f));

        assertEquals(List.of("a", "c"), ids(index.search(new float[] {1, 0}, 10, Map.of("lang", "en"))));
        assertEquals(List.of("a", "b"), ids(index.search(new float[] {1, 0}, 10, Map.of("year", 2024.0))));
        assertEquals(List.of("a"), ids(index.search(new float[] {1, 0}, 10, Map.of("lang", "en", "year", 2024))));
        assertEquals(List.of(), index.search(new float[] {1, 0}, 10, Map.of("lang", "de")));
    }

    @Test
    void aPointPutAgainIsReplacedAndARemovedOneIsGone() {
        CollectionIndex index = new CollectionIndex();
        index.put(point("a", null, 1, 0));
        index.put(point("a", Map.of("v", 2), 0, 1));
        index.put(point("b", null, 1, 0));
        index.remove("b");

        List<VectorMatch> matches = index.search(new float[] {0, 1}, 10, null);
        assertEquals(1, index.size());
        assertEquals(List.of("a"), ids(matches));
        assertEquals(Map.of("v", 2), matches.getFirst().point().metadata());
        assertEquals(1.0, matches.getFirst().score(), 1e-6);
    }

    @Test
    void aZeroVectorMatchesWithScoreZeroInsteadOfNaN() {
        CollectionIndex index = new CollectionIndex();
        index.put(point("zero", null, 0, 0));
        List<VectorMatch> matches = index.search(new float[] {1, 0}, 10, null);
        assertEquals(0.0, matches.getFirst().score());
    }

    @Test
    void searchesWhileWritersPutAndRemoveSeeConsistentPoints() throws Exception {
        CollectionIndex index = new CollectionIndex();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int writer = 0; writer < 2; writer++) {
                int offset = writer * 10_000;
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        index.put(point("p" + (offset + i), null, 1, i));
                        if (i % 2 == 0) {
                            index.remove("p" + (offset + i));
                        }
                    }
                }));
            }
            for (int reader = 0; reader < 2; reader++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        for (VectorMatch match : index.search(new float[] {1, 1}, 5, null)) {
                            assertTrue(match.score() <= 1.0 + 1e-6 && match.score() >= -1.0 - 1e-6);
                        }
                    }
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(5_000, index.size());
    }
}
