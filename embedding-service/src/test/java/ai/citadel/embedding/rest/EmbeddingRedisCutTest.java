package ai.citadel.embedding.rest;

import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.RedisFaultProxyResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/** Redis is a cache, not a dependency of embedding: with it cut off, texts are still embedded. */
@QuarkusTest
@QuarkusTestResource(value = RedisFaultProxyResource.class, restrictToAnnotatedClass = true)
class EmbeddingRedisCutTest {

    @InjectFaultProxy("redis")
    FaultProxy redis;

    @AfterEach
    void restore() {
        redis.restore();
    }

    @Test
    void embedsWithoutCacheWhileRedisIsCut() {
        String text = "redis is away " + UUID.randomUUID();
        redis.cut();
        for (int i = 0; i < 2; i++) {
            given().contentType(ContentType.JSON).body(Map.of("text", text, "model", "all-minilm"))
                    .post("/api/v1/embeddings/generate").then().statusCode(200)
                    .body("cached", equalTo(false)).body("embedding", hasSize(384));
        }
        given().contentType(ContentType.JSON).body(Map.of("texts", java.util.List.of(text, "another"), "model", "all-minilm"))
                .post("/api/v1/embeddings/batch").then().statusCode(200).body("cached_count", equalTo(0));
    }
}
