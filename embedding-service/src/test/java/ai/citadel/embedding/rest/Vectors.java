package ai.citadel.embedding.rest;

import io.restassured.path.json.JsonPath;
import java.util.List;

/** Reading vectors out of responses, and comparing them. */
final class Vectors {

    private Vectors() {
    }

    static float[] at(JsonPath json, String path) {
        List<Float> values = json.getList(path, Float.class);
        float[] vector = new float[values.size()];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = values.get(i);
        }
        return vector;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0, normA = 0, normB = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return dot / Math.sqrt(normA * normB);
    }
}
