package ai.citadel.embedding.rest;

import ai.citadel.testing.contract.RawHttp;
import ai.citadel.testing.quarkus.ServiceTokenByDefault;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What clients get wrong on the wire is a 4xx in the path's JSON envelope (OpenAI's on {@code /v1/*}, Citadel's
 * elsewhere), never a 500 or an empty body, and the kept-alive connection goes on serving.
 */
@QuarkusTest
class MalformedRequestsTest {

    private static final String JSON = "Content-Type: application/json\r\n";

    /** The answer's status and JSON body, after checking the connection still serves. */
    private record Answer(int status, JsonPath body) {
    }

    private static Answer send(String request) throws IOException {
        try (RawHttp connection = RawHttp.connect()) {
            String answer = connection.send(request);
            assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
            if (!RawHttp.closesConnection(answer)) {
                String next = connection.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertTrue(next.startsWith("HTTP/1.1 200"), "after " + answer + "\nthe connection answered " + next);
            }
            int status = Integer.parseInt(answer.substring(9, 12));
            return new Answer(status, JsonPath.from(answer.substring(answer.indexOf("\r\n\r\n") + 4)));
        }
    }

    /** With the service token: what is refused here is the request, not the caller. */
    private static Answer post(String path, String headers, String body) throws IOException {
        return send(RawHttp.post(path, headers + "Authorization: Bearer " + ServiceTokenByDefault.serviceToken()
                + "\r\n", body));
    }

    /** OpenAI's envelope: {@code error.type}, {@code error.code}, {@code error.param}. */
    private static void assertOpenAi(Answer answer, int status, String code, String param) {
        assertEquals(status, answer.status(), answer.body().prettify());
        assertEquals("invalid_request_error", answer.body().getString("error.type"));
        assertEquals(code, answer.body().getString("error.code"));
        assertEquals(param, answer.body().getString("error.param"));
    }

    /** Citadel's envelope: {@code error.code}, {@code error.details.param}. */
    private static void assertCitadel(Answer answer, int status, String code, String param) {
        assertEquals(status, answer.status(), answer.body().prettify());
        assertEquals(code, answer.body().getString("error.code"));
        assertEquals(param, answer.body().getString("error.details.param"));
    }

    @Test
    void emptyContentTypeIs415() throws IOException {
        assertOpenAi(post("/v1/embeddings", "Content-Type: \r\n", "{\"input\":\"a\",\"model\":\"all-minilm\"}"),
                415, "unsupported_media_type", null);
        assertCitadel(post("/api/v1/embeddings/batch", "Content-Type: \r\n", "{\"texts\":[\"a\"]}"),
                415, "unsupported_media_type", null);
    }

    @Test
    void wrongContentTypeIs415() throws IOException {
        assertOpenAi(post("/v1/embeddings", "Content-Type: text/plain\r\n", "hello"), 415, "unsupported_media_type",
                null);
        assertCitadel(post("/api/v1/vectors/search", "Content-Type: application/xml\r\n", "<search/>"), 415,
                "unsupported_media_type", null);
    }

    @Test
    void brokenJsonIs400() throws IOException {
        assertOpenAi(post("/v1/embeddings", JSON, "{\"input\":"), 400, "invalid_json", null);
        assertCitadel(post("/api/v1/embeddings/generate", JSON, "{\"text\": \"a\",,}"), 400, "invalid_json", null);
    }

    @Test
    void wrongJsonTypesAre400NamingTheField() throws IOException {
        assertOpenAi(post("/v1/embeddings", JSON, "{\"input\":5,\"model\":\"all-minilm\"}"), 400, "invalid_request",
                "input");
        assertOpenAi(post("/v1/embeddings", JSON, "{\"input\":[[1,2,3]],\"model\":\"all-minilm\"}"), 400,
                "invalid_request", "input");
        assertCitadel(post("/api/v1/embeddings/batch", JSON, "{\"texts\":\"abc\"}"), 400, "invalid_json", "texts");
        assertCitadel(post("/api/v1/embeddings/batch", JSON, "{\"texts\":[\"a\"],\"batch_size\":\"many\"}"), 400,
                "invalid_json", "batch_size");
    }

    @Test
    void hugeNumbersAre400() throws IOException {
        assertCitadel(post("/api/v1/embeddings/batch", JSON, "{\"texts\":[\"a\"],\"batch_size\":1e400}"), 400,
                "invalid_json", "batch_size");
        assertOpenAi(post("/v1/embeddings", JSON,
                "{\"input\":\"a\",\"model\":\"all-minilm\",\"dimensions\":99999999999999999999999}"), 400,
                "invalid_json", "dimensions");
        // a float overflows to Infinity without complaint: the service refuses it itself
        String collection = "huge-" + UUID.randomUUID();
        assertCitadel(post("/api/v1/vectors/store", JSON,
                "{\"collection\":\"" + collection + "\",\"vector\":[1e400, 0.5]}"), 400, "invalid_request", "vector");
        assertCitadel(post("/api/v1/vectors/store", JSON,
                "{\"collection\":\"" + collection + "\",\"vector\":[1" + "0".repeat(1200) + "]}"), 400,
                "invalid_json", "vector[0]");
    }

    @Test
    void deepNestingIs400() throws IOException {
        String deep = "[".repeat(3000) + "]".repeat(3000);
        assertOpenAi(post("/v1/embeddings", JSON, "{\"input\":" + deep + ",\"model\":\"all-minilm\"}"), 400,
                "invalid_json", "input");
        assertCitadel(post("/api/v1/vectors/search", JSON,
                "{\"collection\":\"x\",\"filter\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}"), 400,
                "invalid_json", "filter");
    }

    @Test
    void missingHostIs400() throws IOException {
        assertCitadel(send("POST /api/v1/embeddings/batch HTTP/1.1\r\n" + JSON + "Authorization: Bearer "
                + ServiceTokenByDefault.serviceToken() + "\r\nContent-Length: 2\r\n\r\n{}"), 400, "invalid_request",
                null);
    }

    @Test
    void malformedHostIs400() throws IOException {
        assertCitadel(send("POST /api/v1/embeddings/batch HTTP/1.1\r\nHost: [::1\r\n" + JSON + "Authorization: Bearer "
                + ServiceTokenByDefault.serviceToken() + "\r\nContent-Length: 2\r\n\r\n{}"), 400, "invalid_request",
                null);
    }

    @Test
    void badPercentEscapeIs400InTheEnvelopeOfThePath() throws IOException {
        Answer openAi = post("/v1/embeddings%ZZ", JSON, "{\"input\":\"a\",\"model\":\"all-minilm\"}");
        assertEquals(400, openAi.status());
        assertEquals("invalid_request_error", openAi.body().getString("error.type"));
        assertEquals("invalid_request", openAi.body().getString("error.code"));
        assertCitadel(post("/api/v1/embeddings%ZZ/batch", JSON, "{\"texts\":[\"a\"]}"), 400, "invalid_request", null);
        assertCitadel(post("/api/v1/embeddings/batch?q=a|b", JSON, "{\"texts\":[\"a\"]}"), 400, "invalid_request",
                null);
    }
}
