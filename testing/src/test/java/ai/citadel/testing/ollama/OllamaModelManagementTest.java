package ai.citadel.testing.ollama;

import static ai.citadel.testing.TestHttp.delete;
import static ai.citadel.testing.TestHttp.get;
import static ai.citadel.testing.TestHttp.json;
import static ai.citadel.testing.TestHttp.lines;
import static ai.citadel.testing.TestHttp.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.TestHttp;
import ai.citadel.testing.junit.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OllamaModelManagementTest {

    @Simulator
    private OllamaSimulator ollama;

    @Test
    void tagsListsTheInstalledModelsWithTheirDetails() {
        JsonNode models = json(get(ollama.baseUrl() + "/api/tags").body()).path("models");

        assertEquals(8, models.size());
        JsonNode phi3 = find(models, "phi3:latest");
        assertEquals("phi3:latest", phi3.path("model").asText());
        assertEquals(64, phi3.path("digest").asText().length());
        assertTrue(phi3.path("size").asLong() > 1_000_000_000L);
        assertTrue(phi3.path("modified_at").isTextual());
        JsonNode details = phi3.path("details");
        assertEquals("", details.path("parent_model").asText());
        assertEquals("gguf", details.path("format").asText());
        assertEquals("phi3", details.path("family").asText());
        assertEquals("phi3", details.path("families").path(0).asText());
        assertEquals("3.8B", details.path("parameter_size").asText());
        assertEquals("Q4_0", details.path("quantization_level").asText());
    }

    @Test
    void pullStreamsProgressEndingInSuccessThenTheModelIsListed() {
        List<JsonNode> records = lines(post(ollama.baseUrl() + "/api/pull", """
                {"model":"llama3.2"}""").body()).stream().map(TestHttp::json).toList();

        List<String> statuses = records.stream().map(record -> record.path("status").asText()).toList();
        assertEquals("pulling manifest", statuses.getFirst());
        assertEquals(List.of("verifying sha256 digest", "writing manifest", "success"),
                statuses.subList(statuses.size() - 3, statuses.size()));
        List<JsonNode> layer = records.stream().filter(record -> record.path("status").asText().startsWith("pulling "))
                .filter(record -> !record.path("status").asText().equals("pulling manifest")).toList();
        String firstDigest = layer.getFirst().path("digest").asText();
        assertTrue(firstDigest.matches("sha256:[0-9a-f]{64}"), firstDigest);
        assertEquals("pulling " + firstDigest.substring(7, 19), layer.getFirst().path("status").asText());
        assertFalse(layer.getFirst().has("completed"), "no bytes yet");
        List<Long> completed = new ArrayList<>();
        layer.stream().filter(record -> record.path("digest").asText().equals(firstDigest))
                .filter(record -> record.has("completed"))
                .forEach(record -> completed.add(record.path("completed").asLong()));
        assertEquals(completed.stream().sorted().toList(), completed, "completed only grows");
        assertEquals(layer.getFirst().path("total").asLong(), completed.getLast());
        assertTrue(ollama.installedModels().contains("llama3.2:latest"));
        assertTrue(json(get(ollama.baseUrl() + "/api/tags").body()).path("models").toString()
                .contains("\"name\":\"llama3.2:latest\""));
    }

    @Test
    void pullWithoutStreamingAnswersSuccessOnce() {
        HttpResponse<String> response = post(ollama.baseUrl() + "/api/pull", """
                {"model":"qwen2.5:7b","stream":false}""");

        assertEquals("{\"status\":\"success\"}", response.body());
        assertTrue(ollama.installedModels().contains("qwen2.5:7b"));
    }

    @Test
    void deleteRemovesTheModelAndAnUnknownOneIs404() {
        HttpResponse<String> deleted = delete(ollama.baseUrl() + "/api/delete", "{\"model\":\"openchat\"}");
        HttpResponse<String> again = delete(ollama.baseUrl() + "/api/delete", "{\"model\":\"openchat\"}");

        assertEquals(200, deleted.statusCode());
        assertEquals("", deleted.body());
        assertFalse(ollama.installedModels().contains("openchat:latest"));
        assertEquals(404, again.statusCode());
        assertEquals("{\"error\":\"model 'openchat' not found\"}", again.body());
    }

    @Test
    void showDescribesAModel() {
        JsonNode body = json(post(ollama.baseUrl() + "/api/show", "{\"model\":\"nomic-embed-text\"}").body());
        HttpResponse<String> unknown = post(ollama.baseUrl() + "/api/show", "{\"model\":\"ghost\"}");

        assertEquals("nomic-bert", body.path("details").path("family").asText());
        assertEquals(768, body.path("model_info").path("nomic-bert.embedding_length").asInt());
        assertEquals(137_000_000L, body.path("model_info").path("general.parameter_count").asLong());
        assertEquals("embedding", body.path("capabilities").path(0).asText());
        assertTrue(body.path("modelfile").asText().contains("FROM "));
        assertEquals(404, unknown.statusCode());
        assertEquals("{\"error\":\"model 'ghost' not found\"}", unknown.body());
    }

    @Test
    void psListsModelsARequestLoaded() {
        assertEquals(0, json(get(ollama.baseUrl() + "/api/ps").body()).path("models").size());

        post(ollama.baseUrl() + "/api/generate", "{\"model\":\"phi3\",\"prompt\":\"hi\",\"stream\":false}");

        JsonNode loaded = json(get(ollama.baseUrl() + "/api/ps").body()).path("models").path(0);
        assertEquals("phi3:latest", loaded.path("name").asText());
        assertTrue(loaded.path("expires_at").isTextual());
        assertTrue(loaded.path("size_vram").asLong() > 0);
    }

    @Test
    void rootAndVersionAnswerLikeOllama() {
        HttpResponse<String> root = get(ollama.baseUrl() + "/");

        assertEquals("Ollama is running", root.body());
        assertEquals(OllamaSimulator.VERSION, json(get(ollama.baseUrl() + "/api/version").body()).path("version").asText());
    }

    private static JsonNode find(JsonNode models, String name) {
        for (JsonNode model : models) {
            if (model.path("name").asText().equals(name)) {
                return model;
            }
        }
        throw new AssertionError(name + " not in " + models);
    }
}
