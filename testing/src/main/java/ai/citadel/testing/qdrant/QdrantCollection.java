package ai.citadel.testing.qdrant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One simulated Qdrant collection with Cosine distance: vectors are normalised on upsert, as Qdrant does. */
final class QdrantCollection {

    record Point(String id, float[] vector, ObjectNode payload, long version) {
    }

    record Hit(Point point, double score) {
    }

    private final int size;
    private final Map<String, Point> points = new ConcurrentHashMap<>();

    QdrantCollection(int size) {
        this.size = size;
    }

    int size() {
        return size;
    }

    int pointsCount() {
        return points.size();
    }

    void upsert(Point point) {
        points.put(point.id(), new Point(point.id(), unit(point.vector()), point.payload(), point.version()));
    }

    boolean delete(String id) {
        return points.remove(id) != null;
    }

    Point get(String id) {
        return points.get(id);
    }

    List<Hit> search(float[] query, int limit, JsonNode filter) {
        float[] unitQuery = unit(query);
        List<Hit> hits = new ArrayList<>();
        for (Point point : points.values()) {
            if (QdrantFilter.matches(filter, point.payload())) {
                double score = 0;
                for (int i = 0; i < unitQuery.length; i++) {
                    score += unitQuery[i] * point.vector()[i];
                }
                hits.add(new Hit(point, score));
            }
        }
        hits.sort(Comparator.comparingDouble(Hit::score).reversed());
        return hits.subList(0, Math.min(limit, hits.size()));
    }

    private static float[] unit(float[] vector) {
        double squares = 0;
        for (float value : vector) {
            squares += value * value;
        }
        float norm = (float) Math.sqrt(squares);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = norm == 0 ? 0 : vector[i] / norm;
        }
        return unit;
    }
}
