package ai.citadel.embedding.rest;

import ai.citadel.commons.cache.EmbeddingCacheKeys;
import ai.citadel.commons.cache.Float32Vectors;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = OllamaSimulatorResource.class,
        initArgs = @ResourceArg(name = "url-property", value = "citadel.embedding.ollama.hosts.llm-02.url"))
class EmbeddingEndpointsTest {

    @InjectSimulator
    OllamaSimulator ollama;

    @Inject
    Pool pool;

    @Inject
    Redis redis;

    /** A text no earlier run has cached. */
    private static String fresh(String text) {
        return text + " #" + UUID.randomUUID();
    }

    private static JsonPath generate(Map<String, Object> body) {
        return given().contentType(ContentType.JSON).body(body).post("/api/v1/embeddings/generate")
                .then().statusCode(200).extract().jsonPath();
    }

    private static float[] allMiniLm(String text) {
        return Vectors.at(generate(Map.of("text", text, "model", "all-minilm", "cache_enabled", false)), "embedding");
    }

    @Test
    void inProcessVectorsCarryMeaning() {
        float[] cat = allMiniLm("a cat sits on the mat");
        float[] kitten = allMiniLm("a kitten is sitting on a rug");
        float[] revenue = allMiniLm("quarterly revenue grew 5%");
        assertEquals(384, cat.length);
        double related = Vectors.cosine(cat, kitten);
        double unrelated = Vectors.cosine(cat, revenue);
        assertTrue(related > unrelated + 0.3, "cat~kitten " + related + " vs cat~revenue " + unrelated);
    }

    @Test
    void secondCallIsACacheHitWithTheSameVector() {
        String text = fresh("the cache remembers this sentence");
        JsonPath first = generate(Map.of("text", text, "model", "all-minilm"));
        JsonPath second = generate(Map.of("text", text, "model", "all-minilm"));
        assertEquals(false, first.getBoolean("cached"));
        assertEquals(true, second.getBoolean("cached"));
        assertEquals("all-minilm", second.getString("model"));
        assertEquals(384, second.getInt("dimensions"));
        assertArrayEquals(Vectors.at(first, "embedding"), Vectors.at(second, "embedding"));
        assertArrayEquals(allMiniLm(text), Vectors.at(second, "embedding"));
    }

    @Test
    void aVectorTheGatewayCachedIsServedWithoutComputingIt() {
        String text = fresh("cached by the gateway");
        float[] cached = new float[768];
        for (int i = 0; i < cached.length; i++) {
            cached[i] = -i / 768f;
        }
        // as the gateway stores it: under its catalog's name, nomic-embed-text:latest
        redis.send(Request.cmd(Command.SET).arg(EmbeddingCacheKeys.key("nomic-embed-text:latest", text))
                .arg(Float32Vectors.toBytes(cached)).arg("EX").arg("60")).await().indefinitely();

        JsonPath answer = given().contentType(ContentType.JSON)
                .body(Map.of("model", "nomic-embed-text", "input", text)).post("/v1/embeddings")
                .then().statusCode(200).body("model", equalTo("nomic-embed-text")).extract().jsonPath();

        assertArrayEquals(cached, Vectors.at(answer, "data[0].embedding"));
        assertEquals(0, ollama.controls().requestCount("/api/embed"), "Ollama was not asked");
    }

    /** The default (int8) model runs each text on its own: batch-mates and their lengths change no bit of a vector. */
    @Test
    void aTextGetsExactlyTheVectorItGetsAloneInAnyBatch() {
        List<String> texts = List.of("short", "a somewhat longer sentence about embeddings and vectors",
                "a cat sits on the mat", fresh("one more"));
        List<List<String>> batches = List.of(texts, List.of(texts.get(3), "x", "word ".repeat(200), texts.get(1)),
                List.of("Das Wetter ist heute sonnig.", texts.get(2), texts.get(0), "🚀"));
        for (List<String> batch : batches) {
            JsonPath answer = given().contentType(ContentType.JSON)
                    .body(Map.of("texts", batch, "model", "all-minilm", "cache_enabled", false, "batch_size", 3))
                    .post("/api/v1/embeddings/batch").then().statusCode(200)
                    .body("success", equalTo(true)).body("model", equalTo("all-minilm"))
                    .body("dimensions", equalTo(384)).body("embeddings", hasSize(batch.size()))
                    .body("cached_count", equalTo(0))
                    .extract().jsonPath();
            for (int i = 0; i < batch.size(); i++) {
                assertArrayEquals(allMiniLm(batch.get(i)), Vectors.at(answer, "embeddings[" + i + "]"),
                        "'" + batch.get(i) + "' in " + batch);
            }
        }
    }

    @Test
    void batchCountsCachedTexts() {
        String known = fresh("known text");
        generate(Map.of("text", known, "model", "all-minilm"));
        given().contentType(ContentType.JSON)
                .body(Map.of("texts", List.of(known, fresh("unknown text")), "model", "all-minilm"))
                .post("/api/v1/embeddings/batch").then().statusCode(200)
                .body("cached_count", equalTo(1)).body("embeddings", hasSize(2));
    }

    @Test
    void seedShape() {
        String text = fresh("seed shape");
        given().contentType(ContentType.JSON).body(Map.of("text", text, "model", "all-minilm", "cache", true))
                .post("/api/v1/embed").then().statusCode(200)
                .body("embedding", hasSize(384)).body("cached", equalTo(false));
    }

    @Test
    void openAiShapeInFloatAndBase64() {
        Map<String, Object> request = Map.of("model", "all-minilm", "input", List.of("first text", "second text"));
        JsonPath floats = given().contentType(ContentType.JSON).body(request).post("/v1/embeddings")
                .then().statusCode(200).body("object", equalTo("list")).body("model", equalTo("all-minilm"))
                .body("data", hasSize(2)).body("data[1].index", equalTo(1))
                .body("data[0].object", equalTo("embedding")).body("usage.prompt_tokens", equalTo(6))
                .extract().jsonPath();
        String base64 = given().contentType(ContentType.JSON)
                .body(Map.of("model", "all-minilm", "input", "second text", "encoding_format", "base64"))
                .post("/v1/embeddings").then().statusCode(200).extract().jsonPath().getString("data[0].embedding");
        float[] decoded = new float[384];
        ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
        assertArrayEquals(Vectors.at(floats, "data[1].embedding"), decoded);
    }

    @Test
    void modelsListNamesDimensionsAndWhereTheyRun() {
        given().get("/api/v1/models").then().statusCode(200)
                .body("models.name", hasItems("all-minilm", "nomic-embed-text", "mxbai-embed-large", "bge-m3"))
                .body("models.find { it.name == 'all-minilm' }.source", equalTo("in-process"))
                .body("models.find { it.name == 'all-minilm' }.dimensions", equalTo(384))
                .body("models.find { it.name == 'all-minilm' }.available", equalTo(true))
                .body("models.find { it.name == 'bge-m3' }.source", equalTo("ollama"))
                .body("models.find { it.name == 'bge-m3' }.max_context", equalTo(8192));
    }

    @Test
    void ollamaModelsHaveTheirDimensionsAndABatchIsOneCall() {
        Map<String, Integer> dimensions = Map.of("nomic-embed-text", 768, "mxbai-embed-large", 1024, "bge-m3", 1024);
        dimensions.forEach((model, expected) -> {
            JsonPath answer = generate(Map.of("text", fresh("dims"), "model", model));
            assertEquals(model, answer.getString("model"));
            assertEquals(expected, answer.getInt("dimensions"), model);
            assertEquals(expected, answer.getList("embedding").size(), model);
        });

        int callsBefore = ollama.controls().requestCount("/api/embed");
        given().contentType(ContentType.JSON)
                .body(Map.of("texts", List.of(fresh("a"), fresh("b"), fresh("c"), fresh("d")), "model", "nomic-embed-text"))
                .post("/api/v1/embeddings/batch").then().statusCode(200)
                .body("embeddings", hasSize(4)).body("dimensions", equalTo(768));
        assertEquals(callsBefore + 1, ollama.controls().requestCount("/api/embed"));
    }

    @Test
    void unknownModelIs400ListingTheValidOnes() {
        given().contentType(ContentType.JSON).body(Map.of("text", "hello", "model", "gpt-embed-9000"))
                .post("/api/v1/embeddings/generate").then().statusCode(400)
                .body("error.code", equalTo("unknown_model"))
                .body("error.message", containsString("all-minilm, bge-m3, mxbai-embed-large, nomic-embed-text"));
        given().contentType(ContentType.JSON).body(Map.of("input", "hello", "model", "gpt-embed-9000"))
                .post("/v1/embeddings").then().statusCode(400)
                .body("error.type", equalTo("invalid_request_error"))
                .body("error.message", containsString("gpt-embed-9000"));
    }

    @Test
    void badInputIs400() {
        given().contentType(ContentType.JSON).body(Map.of("text", "", "model", "all-minilm"))
                .post("/api/v1/embeddings/generate").then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("input", List.of(1, 2), "model", "all-minilm"))
                .post("/v1/embeddings").then().statusCode(400).body("error.message", containsString("input"));
        given().contentType(ContentType.JSON)
                .body(Map.of("text", "word ".repeat(400), "model", "all-minilm", "truncate", false))
                .post("/api/v1/embeddings/generate").then().statusCode(400)
                .body("error.code", equalTo("input_too_long"));
        given().contentType(ContentType.JSON).body(Map.of("text", "word ".repeat(400), "model", "all-minilm"))
                .post("/api/v1/embeddings/generate").then().statusCode(200).body("embedding", hasSize(384));
    }

    @Test
    void cacheMetadataIsRecorded() throws Exception {
        String text = fresh("metadata");
        generate(Map.of("text", text, "model", "all-minilm"));
        generate(Map.of("text", text, "model", "all-minilm"));
        String hash = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        long count = 0;
        while (count < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            var rows = pool.preparedQuery("SELECT access_count, dimensions, text_length FROM embedding.embedding_cache "
                    + "WHERE model = $1 AND text_hash = $2").execute(Tuple.of("all-minilm", hash)).await().indefinitely();
            count = rows.size() == 0 ? 0 : rows.iterator().next().getLong("access_count");
        }
        assertEquals(2, count);
    }
}
