package ai.citadel.embedding.vector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A collection in memory for exact cosine search: vectors are kept L2-normalised, so a score is one dot product.
 * Brute force over every point (meant for up to ~100k vectors per collection); thread-safe.
 */
final class CollectionIndex {

    private final Map<String, VectorPoint> entries = new ConcurrentHashMap<>();

    /** Keeps the point with its vector normalised (one copy in memory; reads of the original go to the store). */
    void put(VectorPoint point) {
        entries.put(point.id(), new VectorPoint(point.id(), unit(point.vector()), point.text(), point.metadata()));
    }

    void remove(String id) {
        entries.remove(id);
    }

    int size() {
        return entries.size();
    }

    List<VectorMatch> search(float[] query, int limit, Map<String, Object> filter) {
        float[] unitQuery = unit(query);
        PriorityQueue<VectorMatch> best = new PriorityQueue<>(Comparator.comparingDouble(VectorMatch::score));
        for (VectorPoint point : entries.values()) {
            if (!matches(point.metadata(), filter)) {
                continue;
            }
            double score = dot(unitQuery, point.vector());
            if (best.size() < limit) {
                best.add(new VectorMatch(point, score));
            } else if (score > best.peek().score()) {
                best.poll();
                best.add(new VectorMatch(point, score));
            }
        }
        List<VectorMatch> matches = new ArrayList<>(best);
        matches.sort(Comparator.comparingDouble(VectorMatch::score).reversed());
        return matches;
    }

    private static boolean matches(Map<String, Object> metadata, Map<String, Object> filter) {
        if (filter == null) {
            return true;
        }
        return filter.entrySet().stream().allMatch(condition -> sameValue(metadata.get(condition.getKey()),
                condition.getValue()));
    }

    /** JSON numbers compare by value (1 and 1.0 are one number), everything else by equality. */
    private static boolean sameValue(Object stored, Object wanted) {
        if (stored instanceof Number a && wanted instanceof Number b) {
            return a.doubleValue() == b.doubleValue();
        }
        return Objects.equals(stored, wanted);
    }

    /** Four independent sums: the CPU overlaps them, about twice as fast as one running sum. */
    private static double dot(float[] a, float[] b) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (double) s0 + s1 + s2 + s3;
    }

    static float[] unit(float[] vector) {
        double squares = 0;
        for (float value : vector) {
            squares += value * value;
        }
        float[] unit = new float[vector.length];
        if (squares == 0) {
            return unit;
        }
        float norm = (float) Math.sqrt(squares);
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] / norm;
        }
        return unit;
    }
}
