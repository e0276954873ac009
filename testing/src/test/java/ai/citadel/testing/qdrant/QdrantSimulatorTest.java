package ai.citadel.testing.qdrant;

import ai.citadel.testing.junit.Simulator;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QdrantSimulatorTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ID_A = "5c56c793-69f3-4fbf-87e6-c4bf54c28c26";

    @Simulator
    private QdrantSimulator qdrant;

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(qdrant.baseUrl() + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void collectionUpsertSearchDelete() throws Exception {
        assertEquals(200, call("PUT", "/collections/docs", "{\"vectors\":{\"size\":3,\"distance\":\"Cosine\"}}").statusCode());
        assertEquals(409, call("PUT", "/collections/docs", "{\"vectors\":{\"size\":3,\"distance\":\"Cosine\"}}").statusCode());
        HttpResponse<String> upsert = call("PUT", "/collections/docs/points?wait=true", """
                {"points":[{"id":"%s","vector":[1,0,0],"payload":{"metadata":{"topic":"pets"}}},
                           {"id":7,"vector":[0,1,0],"payload":{"metadata":{"topic":"finance"}}}]}""".formatted(ID_A));
        assertEquals(200, upsert.statusCode(), upsert.body());
        assertTrue(upsert.body().contains("\"status\":\"completed\""), upsert.body());
        assertEquals(2, qdrant.pointsCount("docs"));

        HttpResponse<String> search = call("POST", "/collections/docs/points/search",
                "{\"vector\":[0.9,0.1,0],\"limit\":1,\"with_payload\":true}");
        assertTrue(search.body().startsWith("{\"result\":[{\"id\":\"" + ID_A + "\""), search.body());
        HttpResponse<String> filtered = call("POST", "/collections/docs/points/query", """
                {"query":[0.9,0.1,0],"limit":5,"with_payload":true,
                 "filter":{"must":[{"key":"metadata.topic","match":{"value":"finance"}}]}}""");
        assertTrue(filtered.body().startsWith("{\"result\":{\"points\":[{\"id\":7,"), filtered.body());

        assertEquals(200, call("GET", "/collections/docs/points/" + ID_A, null).statusCode());
        assertEquals(200, call("POST", "/collections/docs/points/delete", "{\"points\":[\"" + ID_A + "\"]}").statusCode());
        assertEquals(404, call("GET", "/collections/docs/points/" + ID_A, null).statusCode());
        assertTrue(call("GET", "/collections/docs", null).body().contains("\"points_count\":1"));
    }

    @Test
    void rejectsWhatQdrantRejects() throws Exception {
        call("PUT", "/collections/docs", "{\"vectors\":{\"size\":3,\"distance\":\"Cosine\"}}");
        assertEquals(400, call("PUT", "/collections/docs/points", "{\"points\":[{\"id\":\"not-a-uuid\",\"vector\":[1,0,0]}]}").statusCode());
        assertEquals(400, call("PUT", "/collections/docs/points", "{\"points\":[{\"id\":1,\"vector\":[1,0]}]}").statusCode());
        HttpResponse<String> missing = call("GET", "/collections/nope", null);
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("\"error\":\"Not found: Collection `nope` doesn't exist!\""), missing.body());
    }

    @Test
    void stopRefusesConnectionsAndRestartKeepsThePoints() throws Exception {
        call("PUT", "/collections/docs", "{\"vectors\":{\"size\":3,\"distance\":\"Cosine\"}}");
        call("PUT", "/collections/docs/points", "{\"points\":[{\"id\":1,\"vector\":[1,0,0]}]}");
        qdrant.stop();
        assertThrows(ConnectException.class, () -> call("GET", "/collections/docs", null));
        qdrant.restart();
        assertEquals(1, qdrant.pointsCount("docs"));
        assertEquals(200, call("GET", "/collections/docs", null).statusCode());
    }
}
