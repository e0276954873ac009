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

    private record Entry(VectorPoint point, float[] unit) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    void put(VectorPoint point) {
        entries.put(point.id(), new Entry(point, unit(point.vector())));
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
        for (Entry entry : entries.values()) {
            if (!matches(entry.point().metadata(), filter)) {
                continue;
            }
            double score = dot(unitQuery, entry.unit());
            if (best.size() < limit) {
                best.add(new VectorMatch(entry.point(), score));
            } else if (score > best.peek().score()) {
                best.poll();
                best.add(new VectorMatch(entry.point(), score));
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

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
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
