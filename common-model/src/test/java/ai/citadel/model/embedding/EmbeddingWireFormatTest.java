package ai.citadel.model.embedding;

import ai.citadel.model.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static ai.citadel.model.WireJson.assertSameJson;
import static ai.citadel.model.WireJson.read;
import static ai.citadel.model.WireJson.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Citadel embedding-service API ({@code /api/v1/embeddings/*}, {@code /api/v1/embed}, {@code /api/v1/models}). */
class EmbeddingWireFormatTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("embedding/generate-request.json", EmbeddingGenerateRequest.class),
                Arguments.of("embedding/generate-request-minimal.json", EmbeddingGenerateRequest.class),
                Arguments.of("embedding/generate-response.json", EmbeddingGenerateResponse.class),
                Arguments.of("embedding/batch-request.json", EmbeddingBatchRequest.class),
                Arguments.of("embedding/batch-response.json", EmbeddingBatchResponse.class),
                Arguments.of("embedding/embed-request.json", EmbedRequest.class),
                Arguments.of("embedding/embed-response.json", EmbedResponse.class),
                Arguments.of("embedding/models-response.json", EmbeddingModelList.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRoundTrips(String resource, Class<?> type) {
        WireJson.assertRoundTrip(resource, type);
    }

    @Test
    void generateNamesTheModelUsedAndItsDimensions() {
        EmbeddingGenerateRequest request = read("embedding/generate-request.json", EmbeddingGenerateRequest.class);
        assertEquals("nomic-embed-text", request.model());
        assertFalse(request.allowFallback());
        EmbeddingGenerateRequest minimal = read("embedding/generate-request-minimal.json",
                EmbeddingGenerateRequest.class);
        assertNull(minimal.model());
        assertNull(minimal.cacheEnabled());

        assertSameJson("""
                {"success":true,"model":"all-minilm","dimensions":2,"embedding":[0.25,-0.5],"cached":true}
                """, write(EmbeddingGenerateResponse.of("all-minilm", new float[] {0.25f, -0.5f}, true)),
                "built generate response");
    }

    @Test
    void batchKeepsVectorsInRequestOrder() {
        EmbeddingBatchResponse response = read("embedding/batch-response.json", EmbeddingBatchResponse.class);
        assertEquals(3, response.embeddings().size());
        assertArrayEquals(new float[] {0.25f, 0.5f, -0.75f}, response.embeddings().get(1));
        assertEquals(1, response.cachedCount());
        assertEquals(32, read("embedding/batch-request.json", EmbeddingBatchRequest.class).batchSize());
    }

    @Test
    void modelSourceUsesItsWireName() {
        EmbeddingModelList list = read("embedding/models-response.json", EmbeddingModelList.class);
        assertEquals(EmbeddingModelSource.IN_PROCESS, list.models().get(0).source());
        assertEquals(EmbeddingModelSource.OLLAMA, list.models().get(1).source());
        assertFalse(list.models().get(1).available());
        assertEquals(8192, list.models().get(1).maxContext());
        assertEquals("all-minilm", list.defaultModel());
        assertTrue(write(EmbeddingModelSource.IN_PROCESS).contains("in-process"));
    }

    @Test
    void seedShape() {
        EmbedResponse response = read("embedding/embed-response.json", EmbedResponse.class);
        assertTrue(response.cached());
        assertEquals(4, response.embedding().length);
        assertSameJson("{\"text\":\"t\",\"model\":\"m\",\"cache\":true}", write(new EmbedRequest("t", "m", true)),
                "built seed request");
    }
}
