package ai.citadel.testing.ollama;

import static ai.citadel.testing.TestHttp.json;
import static ai.citadel.testing.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.junit.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OllamaEmbeddingTest {

    @Simulator
    private static OllamaSimulator ollama;

    @ParameterizedTest
    @CsvSource({"all-minilm, 384", "nomic-embed-text, 768", "mxbai-embed-large, 1024", "bge-m3:latest, 1024"})
    void embedGivesUnitVectorsOfTheModelsRealDimension(String model, int dimension) {
        JsonNode body = json(post(ollama.baseUrl() + "/api/embed", """
                {"model":"%s","input":"Why is the sky blue?"}""".formatted(model)).body());

        assertEquals(model, body.path("model").asText());
        JsonNode vector = body.path("embeddings").path(0);
        assertEquals(dimension, vector.size());
        assertEquals(1.0, norm(vector), 1e-4);
        assertTrue(body.path("total_duration").asLong() > 0);
        assertTrue(body.path("load_duration").asLong() > 0);
        assertEquals(5, body.path("prompt_eval_count").asInt());
    }

    @Test
    void embeddingsAreDeterministicPerModelAndText() {
        JsonNode batch = json(post(ollama.baseUrl() + "/api/embed", """
                {"model":"nomic-embed-text","input":["alpha","beta","alpha"]}""").body()).path("embeddings");
        JsonNode alias = json(post(ollama.baseUrl() + "/api/embed", """
                {"model":"nomic-embed-text:latest","input":"alpha"}""").body()).path("embeddings").path(0);
        JsonNode otherModel = json(post(ollama.baseUrl() + "/api/embed", """
                {"model":"mxbai-embed-large","input":"alpha"}""").body()).path("embeddings").path(0);

        assertEquals(3, batch.size());
        assertEquals(batch.get(0), batch.get(2));
        assertNotEquals(batch.get(0), batch.get(1));
        assertEquals(batch.get(0), alias);
        assertNotEquals(batch.get(0).get(0), otherModel.get(0));
    }

    @Test
    void dimensionsTruncatesAndRenormalizes() {
        JsonNode vector = json(post(ollama.baseUrl() + "/api/embed", """
                {"model":"nomic-embed-text","input":"alpha","dimensions":256}""").body()).path("embeddings").path(0);

        assertEquals(256, vector.size());
        assertEquals(1.0, norm(vector), 1e-4);
    }

    @Test
    void legacyEmbeddingsEndpointAnswersWithOneVector() {
        JsonNode legacy = json(post(ollama.baseUrl() + "/api/embeddings", """
                {"model":"all-minilm","prompt":"Here is an article about llamas"}""").body());
        JsonNode modern = json(post(ollama.baseUrl() + "/api/embed", """
                {"model":"all-minilm","input":"Here is an article about llamas"}""").body());

        assertEquals(384, legacy.path("embedding").size());
        assertEquals(modern.path("embeddings").path(0).get(0).floatValue(),
                legacy.path("embedding").get(0).floatValue());
    }

    @Test
    void anInputThatIsNeitherTextNorTextsIs400() {
        HttpResponse<String> response = post(ollama.baseUrl() + "/api/embed", """
                {"model":"all-minilm","input":[1,2]}""");

        assertEquals(400, response.statusCode());
        assertEquals("{\"error\":\"invalid input type\"}", response.body());
    }

    private static double norm(JsonNode vector) {
        double sum = 0;
        for (JsonNode value : vector) {
            sum += value.asDouble() * value.asDouble();
        }
        return Math.sqrt(sum);
    }
}
