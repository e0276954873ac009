package ai.citadel.testing.embedding;

import static ai.citadel.testing.TestHttp.get;
import static ai.citadel.testing.TestHttp.json;
import static ai.citadel.testing.TestHttp.post;
import static ai.citadel.testing.TestHttp.postAsync;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.junit.Simulator;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EmbeddingServiceSimulatorTest {

    @Simulator
    private static EmbeddingServiceSimulator service;

    @Test
    void openAiShapeGivesFloatsOrLittleEndianBase64OfTheModelsDimension() {
        JsonNode floats = json(post(service.baseUrl() + "/v1/embeddings", """
                {"model":"nomic-embed-text:latest","input":["first text","second"]}""").body());
        JsonNode base64 = json(post(service.baseUrl() + "/v1/embeddings", """
                {"model":"nomic-embed-text","input":"first text","encoding_format":"base64"}""").body());

        assertEquals("list", floats.path("object").asText());
        assertEquals("nomic-embed-text", floats.path("model").asText(), "the service's name, tag dropped");
        assertEquals(2, floats.path("data").size());
        assertEquals(1, floats.path("data").path(1).path("index").asInt());
        JsonNode first = floats.path("data").path(0).path("embedding");
        assertEquals(768, first.size());
        assertEquals(3 + 2, floats.path("usage").path("prompt_tokens").asInt(), "about four characters a token");
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(
                base64.path("data").path(0).path("embedding").asText())).order(ByteOrder.LITTLE_ENDIAN);
        float[] expected = service.vector("nomic-embed-text", "first text");
        double norm = 0;
        for (int i = 0; i < 768; i++) {
            float value = bytes.getFloat();
            assertEquals(first.get(i).floatValue(), value);
            assertEquals(expected[i], value);
            norm += value * value;
        }
        assertEquals(1.0, norm, 1e-5);
    }

    @Test
    void realDimensionsPerModel() {
        for (String model : new String[] {"all-minilm", "nomic-embed-text", "mxbai-embed-large", "bge-m3"}) {
            JsonNode body = json(post(service.baseUrl() + "/api/v1/embeddings/generate",
                    "{\"text\":\"hello\",\"model\":\"" + model + "\"}").body());
            int dimensions = switch (model) {
                case "all-minilm" -> 384;
                case "nomic-embed-text" -> 768;
                default -> 1024;
            };
            assertEquals(dimensions, body.path("dimensions").asInt(), model);
            assertEquals(dimensions, body.path("embedding").size(), model);
            assertTrue(body.path("success").asBoolean());
            assertFalse(body.path("cached").asBoolean());
        }
    }

    @Test
    void batchKeepsTheOrderAndDefaultsToAllMiniLm() {
        JsonNode body = json(post(service.baseUrl() + "/api/v1/embeddings/batch", """
                {"texts":["a","b","c"]}""").body());

        assertEquals("all-minilm", body.path("model").asText());
        assertEquals(3, body.path("embeddings").size());
        assertEquals(service.vector("all-minilm", "c")[0], body.path("embeddings").path(2).path(0).floatValue());
        assertEquals(0, body.path("cached_count").asInt());
    }

    @Test
    void errorsComeInTheServicesEnvelopes() {
        HttpResponse<String> openAi = post(service.baseUrl() + "/v1/embeddings", """
                {"model":"gpt-4","input":"x"}""");
        HttpResponse<String> citadel = post(service.baseUrl() + "/api/v1/embeddings/generate", """
                {"model":"gpt-4","text":"x"}""");
        HttpResponse<String> dimensions = post(service.baseUrl() + "/v1/embeddings", """
                {"model":"all-minilm","input":"x","dimensions":128}""");
        HttpResponse<String> tokens = post(service.baseUrl() + "/v1/embeddings", """
                {"model":"all-minilm","input":[[1,2,3]]}""");
        HttpResponse<String> tooLong = post(service.baseUrl() + "/api/v1/embeddings/generate",
                "{\"model\":\"all-minilm\",\"truncate\":false,\"text\":\"" + "word ".repeat(600) + "\"}");

        assertEquals(400, openAi.statusCode());
        JsonNode error = json(openAi.body()).path("error");
        assertEquals("unknown_model", error.path("code").asText());
        assertEquals("model", error.path("param").asText());
        assertEquals("invalid_request_error", error.path("type").asText());
        assertTrue(error.path("message").asText().startsWith("unknown model 'gpt-4'; valid models: all-minilm, bge-m3"));
        assertEquals(400, citadel.statusCode());
        assertEquals("unknown_model", json(citadel.body()).path("error").path("code").asText());
        assertEquals("model", json(citadel.body()).path("error").path("details").path("param").asText());
        assertEquals(400, dimensions.statusCode());
        assertEquals("model all-minilm only gives 384 dimensions",
                json(dimensions.body()).path("error").path("message").asText());
        assertEquals(400, tokens.statusCode());
        assertEquals(400, tooLong.statusCode());
        assertEquals("input_too_long", json(tooLong.body()).path("error").path("code").asText());
    }

    @Test
    void controlsFailAndCountRequests() {
        service.controls().failNext(1, 503);

        HttpResponse<String> failed = post(service.baseUrl() + "/v1/embeddings", """
                {"model":"all-minilm","input":"x"}""");
        HttpResponse<String> next = post(service.baseUrl() + "/v1/embeddings", """
                {"model":"all-minilm","input":"x"}""");

        assertEquals(503, failed.statusCode());
        assertEquals("server_error", json(failed.body()).path("error").path("type").asText());
        assertEquals(200, next.statusCode());
        assertEquals(2, service.controls().requestCount("/v1/embeddings"));
    }

    @Test
    void modelsListNamesTheDefault() {
        JsonNode body = json(get(service.baseUrl() + "/api/v1/models").body());

        assertEquals("all-minilm", body.path("default_model").asText());
        assertEquals(4, body.path("models").size());
        assertEquals("in-process", body.path("models").path(0).path("source").asText());
    }

    @Test
    void storedTextsAreFoundByCosineSearchBestFirst() {
        String store = service.baseUrl() + "/api/v1/vectors/store";
        JsonNode stored = json(post(store, """
                {"collection":"docs-search","id":"sky","text":"why is the sky blue","metadata":{"lang":"en"}}""")
                .body());
        post(store, """
                {"collection":"docs-search","id":"sea","text":"why is the sea salty","metadata":{"lang":"fr"}}""");
        JsonNode generated = json(post(store, """
                {"collection":"docs-search","text":"no id given"}""").body());

        JsonNode found = json(post(service.baseUrl() + "/api/v1/vectors/search", """
                {"collection":"docs-search","query":"why is the sky blue","limit":2}""").body());
        JsonNode filtered = json(post(service.baseUrl() + "/api/v1/vectors/search", """
                {"collection":"docs-search","query":"why is the sky blue","filter":{"lang":"fr"}}""").body());

        assertTrue(stored.path("success").asBoolean());
        assertEquals("sky", stored.path("id").asText());
        assertEquals(384, stored.path("dimensions").asInt(), "created with the default model's dimension");
        assertFalse(generated.path("id").asText().isBlank(), "an id is generated when none is given");
        assertEquals(3, service.pointCount("docs-search"));
        assertEquals("docs-search", found.path("collection").asText());
        assertEquals("all-minilm", found.path("model").asText());
        assertEquals(2, found.path("matches").size());
        JsonNode best = found.path("matches").path(0);
        assertEquals("sky", best.path("id").asText());
        assertEquals(1.0, best.path("score").asDouble(), 1e-6, "the same text embeds alike");
        assertEquals("why is the sky blue", best.path("text").asText());
        assertEquals("en", best.path("metadata").path("lang").asText());
        assertTrue(found.path("matches").path(1).path("score").asDouble() < best.path("score").asDouble());
        assertEquals(1, filtered.path("matches").size());
        assertEquals("sea", filtered.path("matches").path(0).path("id").asText());
    }

    @Test
    void aCollectionKeepsItsModelAndDimension() {
        String store = service.baseUrl() + "/api/v1/vectors/store";
        HttpResponse<String> created = post(store, """
                {"collection":"docs-model","text":"first","model":"nomic-embed-text"}""");
        HttpResponse<String> otherModel = post(store, """
                {"collection":"docs-model","text":"second","model":"all-minilm"}""");
        HttpResponse<String> shortVector = post(store, """
                {"collection":"docs-model","vector":[0.1,0.2,0.3]}""");
        HttpResponse<String> unknownModel = post(store, """
                {"collection":"docs-new","text":"x","model":"gpt-4"}""");
        JsonNode byVector = json(post(service.baseUrl() + "/api/v1/vectors/search", "{\"collection\":\"docs-model\","
                + "\"vector\":" + json(post(service.baseUrl() + "/api/v1/embeddings/generate", """
                {"text":"first","model":"nomic-embed-text"}""").body()).path("embedding") + "}").body());

        assertEquals(768, json(created.body()).path("dimensions").asInt());
        assertEquals(400, otherModel.statusCode());
        assertEquals("collection holds vectors of model 'nomic-embed-text', not 'all-minilm'",
                json(otherModel.body()).path("error").path("message").asText());
        assertEquals(400, shortVector.statusCode());
        assertEquals("vector", json(shortVector.body()).path("error").path("details").path("param").asText());
        assertEquals("collection 'docs-model' holds vectors of 768 dimensions (model nomic-embed-text), got 3",
                json(shortVector.body()).path("error").path("message").asText());
        assertEquals(400, unknownModel.statusCode());
        assertEquals("unknown_model", json(unknownModel.body()).path("error").path("code").asText());
        assertEquals(0, service.pointCount("docs-new"), "nothing is created by a refused write");
        assertTrue(byVector.path("model").isMissingNode(), "no model embedded a ready vector");
        assertEquals(1.0, byVector.path("matches").path(0).path("score").asDouble(), 1e-6);
    }

    @Test
    void searchErrorsAreTheServices() {
        String search = service.baseUrl() + "/api/v1/vectors/search";
        post(service.baseUrl() + "/api/v1/vectors/store", """
                {"collection":"docs-errors","text":"x"}""");

        HttpResponse<String> missing = post(search, """
                {"collection":"no-such-collection","query":"x"}""");
        HttpResponse<String> noQuery = post(search, """
                {"collection":"docs-errors"}""");
        HttpResponse<String> badLimit = post(search, """
                {"collection":"docs-errors","query":"x","limit":0}""");
        HttpResponse<String> badName = post(search, """
                {"collection":"../etc","query":"x"}""");

        assertEquals(404, missing.statusCode());
        JsonNode error = json(missing.body()).path("error");
        assertEquals("collection_not_found", error.path("code").asText());
        assertEquals("no collection 'no-such-collection'", error.path("message").asText());
        assertEquals("collection", error.path("details").path("param").asText());
        assertEquals(400, noQuery.statusCode());
        assertEquals(400, badLimit.statusCode());
        assertEquals("limit", json(badLimit.body()).path("error").path("details").path("param").asText());
        assertEquals(400, badName.statusCode());
    }

    @Test
    void aClientThatLeavesIsCounted() throws Exception {
        service.controls().hang();
        CompletableFuture<HttpResponse<String>> pending = postAsync(service.baseUrl() + "/api/v1/embeddings/generate", """
                {"text":"x"}""");
        while (service.controls().heldRequestCount() == 0) {
            Thread.sleep(10);
        }

        pending.cancel(true);

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (service.controls().abandonedRequestCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(1, service.controls().abandonedRequestCount());
    }
}
