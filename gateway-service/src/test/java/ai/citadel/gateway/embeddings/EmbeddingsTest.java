package ai.citadel.gateway.embeddings;

import ai.citadel.commons.cache.EmbeddingCacheKeys;
import ai.citadel.commons.cache.Float32Vectors;
import ai.citadel.gateway.audit.AuditRows;
import ai.citadel.testing.RecordedRequest;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.EmbeddingServiceSimulatorResource;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.ServiceTokenByDefault;
import ai.citadel.testing.quarkus.RedisFaultProxyResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Embeddings through the gateway, against the embedding-service simulator and the real Redis and PostgreSQL: both
 * shapes, the per-input cache, and what the client sees when Redis or embedding-service fail.
 */
@QuarkusTest
@QuarkusTestResource(value = EmbeddingServiceSimulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisFaultProxyResource.class, restrictToAnnotatedClass = true)
class EmbeddingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectSimulator
    EmbeddingServiceSimulator service;

    @InjectFaultProxy("redis")
    FaultProxy redis;

    @Inject
    DataSource dataSource;

    @Inject
    ReactiveRedisDataSource redisData;

    /** Unique per test, so vectors cached by earlier runs never interfere. */
    String run;

    @BeforeEach
    void freshRun() {
        run = UUID.randomUUID().toString();
    }

    @AfterEach
    void restore() {
        service.controls().release();
        redis.restore();
    }

    @Test
    void floatAndBase64AreOneVectorAndTheRepeatComesFromTheCache() {
        String text = "the sky is blue " + run;
        double stores = stores();
        double hits = MetricsScrape.sum("citadel_gateway_embedding_cache_total", "result=\"hit\"");
        Response floats = embeddings("{\"model\":\"nomic-embed-text\",\"input\":\"" + text + "\"}");
        floats.then().statusCode(200)
                .header("X-Citadel-Cache", "miss")
                .header("X-Citadel-Backend", "embedding-service")
                .body("object", equalTo("list"))
                .body("model", equalTo("nomic-embed-text:latest"))
                .body("data[0].object", equalTo("embedding"))
                .body("data[0].index", equalTo(0))
                .body("data[0].embedding.size()", equalTo(768))
                .body("usage.prompt_tokens", equalTo((text.length() + 3) / 4));
        awaitStored(stores);

        Response base64 = embeddings("{\"model\":\"nomic-embed-text:latest\",\"input\":[\"" + text
                + "\"],\"encoding_format\":\"base64\"}");
        base64.then().statusCode(200)
                .header("X-Citadel-Cache", "hit")
                .header("X-Citadel-Backend", nullValue())
                .body("model", equalTo("nomic-embed-text:latest"));

        float[] expected = service.vector("nomic-embed-text", text);
        assertArrayEquals(expected, floatsOf(floats.jsonPath().getList("data[0].embedding", Float.class)));
        assertArrayEquals(expected, decode(base64.jsonPath().getString("data[0].embedding")));
        assertEquals(1, service.controls().requestCount("/v1/embeddings"), "the alias and the name share the cache");
        assertEquals("Bearer " + ServiceTokenByDefault.serviceToken(),
                service.controls().lastRequest("/v1/embeddings").orElseThrow().header("Authorization").orElse(null),
                "embedding-service is called with the service token");
        assertTrue(MetricsScrape.sum("citadel_gateway_embedding_cache_total", "result=\"hit\"") >= hits + 1);
    }

    @Test
    void aVectorEmbeddingServiceCachedIsServedWithoutCallingIt() {
        String text = "cached by embedding-service " + run;
        float[] cached = new float[768];
        for (int i = 0; i < cached.length; i++) {
            cached[i] = i / 768f;
        }
        // as embedding-service stores it: its configured prefix (the default), its catalog's name without :latest
        cache(EmbeddingCacheKeys.key(EmbeddingCacheKeys.PREFIX, "nomic-embed-text", EmbeddingCacheKeys.textHash(text)),
                cached);
        awaitCacheRead();

        Response answer = embeddings("{\"model\":\"nomic-embed-text\",\"input\":\"" + text + "\"}");

        answer.then().statusCode(200)
                .header("X-Citadel-Cache", "hit")
                .header("X-Citadel-Backend", nullValue())
                .body("model", equalTo("nomic-embed-text:latest"));
        assertArrayEquals(cached, floatsOf(answer.jsonPath().getList("data[0].embedding", Float.class)));
        assertEquals(0, service.controls().requestCount("/v1/embeddings"), "embedding-service was not asked");
    }

    @Test
    void ollamaLegacyShape() {
        String text = "ollama prompt " + run;
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"nomic-embed-text\",\"prompt\":\"" + text + "\"}")
                .post("/api/embeddings")
                .then().statusCode(200)
                .header("X-Citadel-Cache", "miss")
                .body("embedding.size()", equalTo(768))
                .body("embedding[5]", equalTo(service.vector("nomic-embed-text", text)[5]));
    }

    @Test
    void aModelOutsideTheCatalogGoesToEmbeddingServiceAsNamed() {
        embeddings("{\"model\":\"all-minilm\",\"input\":[\"a " + run + "\",\"b " + run + "\"],\"dimensions\":384}")
                .then().statusCode(200)
                .body("model", equalTo("all-minilm"))
                .body("data.size()", equalTo(2))
                .body("data[1].index", equalTo(1))
                .body("data[1].embedding.size()", equalTo(384));
        assertEquals("all-minilm", body(service.controls().lastRequest("/v1/embeddings").orElseThrow())
                .path("model").asText());
    }

    @Test
    void dimensionsOtherThanTheModelsAreRefused() {
        embeddings("{\"model\":\"all-minilm\",\"input\":\"x " + run + "\",\"dimensions\":128}")
                .then().statusCode(400)
                .body("error.param", equalTo("dimensions"))
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("384"));
    }

    @Test
    void aPartlyCachedBatchSendsOnlyTheMissingInputsInOneCall() {
        String a = "alpha " + run;
        String b = "beta " + run;
        String c = "gamma " + run;
        double stores = stores();
        embeddings("{\"model\":\"bge-m3\",\"input\":\"" + b + "\"}").then().statusCode(200);
        awaitStored(stores);

        Response mixed = embeddings("{\"model\":\"bge-m3\",\"input\":[\"" + a + "\",\"" + b + "\",\"" + c + "\",\""
                + a + "\"]}");

        mixed.then().statusCode(200).header("X-Citadel-Cache", "miss").body("data.size()", equalTo(4));
        assertEquals(2, service.controls().requestCount("/v1/embeddings"));
        JsonNode sent = body(service.controls().lastRequest("/v1/embeddings").orElseThrow());
        assertEquals(List.of(a, c), JSON.convertValue(sent.path("input"), List.class),
                "only the inputs not cached, each once");
        assertEquals("base64", sent.path("encoding_format").asText());
        List<String> texts = List.of(a, b, c, a);
        for (int i = 0; i < texts.size(); i++) {
            assertArrayEquals(service.vector("bge-m3", texts.get(i)),
                    floatsOf(mixed.jsonPath().getList("data[" + i + "].embedding", Float.class)), "input " + i);
        }
    }

    @Test
    void noStoreBypassesTheCache() {
        String body = "{\"model\":\"all-minilm\",\"input\":\"private " + run + "\"}";
        given().contentType(ContentType.JSON).header("X-Citadel-Cache", "no-store").body(body)
                .post("/v1/embeddings").then().statusCode(200).header("X-Citadel-Cache", "bypass");
        given().contentType(ContentType.JSON).header("X-Citadel-Cache", "no-store").body(body)
                .post("/v1/embeddings").then().statusCode(200).header("X-Citadel-Cache", "bypass");
        embeddings(body).then().statusCode(200).header("X-Citadel-Cache", "miss");

        assertEquals(3, service.controls().requestCount("/v1/embeddings"));
    }

    @Test
    void withoutRedisEmbeddingsAreComputed() {
        redis.cut();

        for (int i = 0; i < 3; i++) {
            embeddings("{\"model\":\"all-minilm\",\"input\":\"no redis " + run + "\"}")
                    .then().statusCode(200).header("X-Citadel-Cache", "miss").body("data[0].embedding.size()",
                            equalTo(384));
        }
        assertEquals(3, service.controls().requestCount("/v1/embeddings"));
    }

    @Test
    void embeddingServiceFailingIsA503NamingIt() {
        service.controls().failNext(1, 503);

        embeddings("{\"model\":\"all-minilm\",\"input\":\"down " + run + "\"}")
                .then().statusCode(503)
                .body("error.code", equalTo("backend_unavailable"))
                .body("error.type", equalTo("server_error"))
                .body("error.message", containsString("embedding-service"));
    }

    @Test
    void embeddingServiceHangingIsA503AfterTheTimeout() {
        service.controls().hang();

        given().contentType(ContentType.JSON)
                .body("{\"model\":\"nomic-embed-text\",\"prompt\":\"hung " + run + "\"}")
                .post("/api/embeddings")
                .then().statusCode(503)
                .body("error.code", equalTo("backend_unavailable"))
                .body("error.message", containsString("embedding-service is unavailable: it did not answer in time"));
    }

    @Test
    void anUnknownModelIsEmbeddingServicesOwn400() {
        embeddings("{\"model\":\"gpt-4\",\"input\":\"x " + run + "\"}")
                .then().statusCode(400)
                .body("error.code", equalTo("unknown_model"))
                .body("error.param", equalTo("model"))
                .body("error.message", containsString("unknown model 'gpt-4'; valid models: all-minilm"));
    }

    @Test
    void tokenArraysAndEmptyInputsAreRefusedBeforeEmbeddingService() {
        for (String input : List.of("[[1,2,3]]", "[1,2,3]", "[]", "\"\"", "[\"a\",\"\"]")) {
            embeddings("{\"model\":\"all-minilm\",\"input\":" + input + "}")
                    .then().statusCode(400).body("error.param", equalTo("input"));
        }
        assertEquals(0, service.controls().requestCount("/v1/embeddings"));
    }

    @Test
    void everyCallIsAuditedAndTheRequestIdIsPassedOn() {
        String ok = run + "-ok";
        String refused = run + "-refused";
        given().contentType(ContentType.JSON).header("X-Request-Id", ok)
                .body("{\"model\":\"nomic-embed-text\",\"input\":[\"one " + run + "\",\"two " + run + "\"]}")
                .post("/v1/embeddings").then().statusCode(200);
        assertEquals(ok, service.controls().lastRequest("/v1/embeddings").orElseThrow().header("X-Request-Id")
                .orElse(null));
        given().contentType(ContentType.JSON).header("X-Request-Id", refused)
                .body("{\"model\":\"nope\",\"prompt\":\"x\"}")
                .post("/api/embeddings").then().statusCode(400);

        AuditRows audit = new AuditRows(dataSource);
        Map<String, Object> row = audit.awaitRequests(ok, rows -> rows.size() == 1).getFirst();
        assertEquals("/v1/embeddings", row.get("endpoint"));
        assertEquals("nomic-embed-text:latest", row.get("model"));
        assertEquals("embedding-service", row.get("backend"));
        assertEquals("completed", row.get("status"));
        assertEquals(200, row.get("http_status"));
        assertEquals(2 * ((("one " + run).length() + 3) / 4), row.get("prompt_tokens"));
        assertEquals(false, row.get("cached"));
        assertEquals(null, row.get("conversation_id"));
        Map<String, Object> error = audit.awaitRequests(refused, rows -> rows.size() == 1).getFirst();
        assertEquals("/api/embeddings", error.get("endpoint"));
        assertEquals("error", error.get("status"));
        assertEquals(400, error.get("http_status"));
        assertTrue(((String) error.get("error")).contains("unknown model 'nope'"));
    }

    private void cache(String key, float[] vector) {
        redisData.value(byte[].class).setex(key, 60, Float32Vectors.toBytes(vector)).await().indefinitely();
    }

    /** A test that cut Redis leaves the cache's circuit open for a while: wait until the gateway reads it again. */
    private void awaitCacheRead() {
        String probe = "probe " + run;
        cache(EmbeddingCacheKeys.key("all-minilm", probe), new float[384]);
        for (int i = 0; i < 100; i++) {
            if ("hit".equals(embeddings("{\"model\":\"all-minilm\",\"input\":\"" + probe + "\"}")
                    .header("X-Citadel-Cache"))) {
                service.controls().reset();
                return;
            }
            sleep(100);
        }
        throw new AssertionError("the gateway does not read the embedding cache");
    }

    private static Response embeddings(String body) {
        RequestSpecification request = given().contentType(ContentType.JSON).body(body);
        return request.post("/v1/embeddings");
    }

    private static JsonNode body(RecordedRequest request) {
        try {
            return JSON.readTree(request.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static float[] decode(String base64) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private static float[] floatsOf(List<Float> list) {
        float[] values = new float[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = list.get(i);
        }
        return values;
    }

    private static double stores() {
        return MetricsScrape.value("citadel_gateway_embedding_cache_stores_total");
    }

    /** Vectors are cached in the background, after the client got them: wait for the store to land. */
    private static void awaitStored(double storesBefore) {
        for (int i = 0; i < 100 && stores() <= storesBefore; i++) {
            sleep(20);
        }
        assertTrue(stores() > storesBefore, "the vectors were cached");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
