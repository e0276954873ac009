package ai.citadel.model.vector;

import ai.citadel.model.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static ai.citadel.model.WireJson.assertSameJson;
import static ai.citadel.model.WireJson.read;
import static ai.citadel.model.WireJson.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Citadel vector API ({@code /api/v1/vectors/*}). */
class VectorWireFormatTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("vector/store-request.json", VectorStoreRequest.class),
                Arguments.of("vector/store-request-vector.json", VectorStoreRequest.class),
                Arguments.of("vector/store-response.json", VectorStoreResponse.class),
                Arguments.of("vector/search-request.json", VectorSearchRequest.class),
                Arguments.of("vector/search-request-vector.json", VectorSearchRequest.class),
                Arguments.of("vector/search-response.json", VectorSearchResponse.class),
                Arguments.of("vector/update-request.json", VectorUpdateRequest.class),
                Arguments.of("vector/delete-response.json", VectorDeleteResponse.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRoundTrips(String resource, Class<?> type) {
        WireJson.assertRoundTrip(resource, type);
    }

    @Test
    void storeCarriesTextOrVectorAndMetadata() {
        VectorStoreRequest text = read("vector/store-request.json", VectorStoreRequest.class);
        assertEquals("doc-42", text.id());
        assertEquals(3, text.metadata().get("page"));
        assertEquals(List.of("ops", "backup"), text.metadata().get("tags"));
        assertNull(text.vector());

        VectorStoreRequest vector = read("vector/store-request-vector.json", VectorStoreRequest.class);
        assertNull(vector.id());
        assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, vector.vector());

        // the validation helper is not a wire field
        assertSameJson("{\"collection\":\"c\",\"text\":\"t\",\"metadata\":{\"k\":\"v\"}}",
                write(VectorStoreRequest.text("c", "t", Map.of("k", "v"))), "built store request");
    }

    @Test
    void searchReturnsMatchesBestFirst() {
        VectorSearchResponse response = read("vector/search-response.json", VectorSearchResponse.class);
        assertEquals("doc-42", response.matches().getFirst().id());
        assertEquals(0.8731, response.matches().getFirst().score());
        assertNull(response.matches().get(1).text());
        assertNull(read("vector/search-request-vector.json", VectorSearchRequest.class).limit());
        assertSameJson("{\"collection\":\"c\",\"query\":\"q\",\"limit\":3}",
                write(VectorSearchRequest.query("c", "q", 3)), "built search request");
    }
}
