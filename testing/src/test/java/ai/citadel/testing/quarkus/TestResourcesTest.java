package ai.citadel.testing.quarkus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.TestHttp;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.proxy.FaultProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The resources as Quarkus drives them: init, start, inject into the test instance, stop. */
class TestResourcesTest {

    static class GatewayTest {
        @InjectSimulator
        OllamaSimulator anyOllama;
        @InjectSimulator("llm-01")
        OllamaSimulator llm01;
        @InjectSimulator("llm-02")
        OllamaSimulator llm02;
        @InjectSimulator
        OpenAiSimulator openAi;
        @InjectFaultProxy("redis")
        FaultProxy redis;
        @InjectFaultProxy("postgres")
        FaultProxy postgres;
        OllamaSimulator notAnnotated;
    }

    @Test
    void anOllamaResourceFillsTheUrlPropertiesAndInjectsByName() {
        OllamaSimulatorResource resource = new OllamaSimulatorResource();
        resource.init(Map.of("url-property", "citadel.backends.llm-01.url, other.url", "name", "llm-01"));
        try {
            Map<String, String> config = resource.start();
            GatewayTest test = new GatewayTest();
            resource.inject(injectorFor(test));

            String url = config.get("citadel.backends.llm-01.url");
            assertEquals(url, config.get("other.url"));
            assertEquals("Ollama is running", TestHttp.get(url + "/").body());
            assertSame(test.anyOllama, test.llm01);
            assertEquals(url, test.llm01.baseUrl());
            assertNull(test.llm02);
            assertNull(test.openAi);
            assertNull(test.notAnnotated);
        } finally {
            resource.stop();
        }
    }

    /** Quarkus injects into each test's instance: what one test set up or sent is gone for the next. */
    @Test
    void eachTestGetsTheSimulatorWithItsControlsReset() {
        OllamaSimulatorResource resource = new OllamaSimulatorResource();
        resource.init(Map.of());
        try {
            String url = resource.start().get(OllamaSimulatorResource.DEFAULT_URL_PROPERTY);
            GatewayTest first = new GatewayTest();
            resource.inject(injectorFor(first));
            first.anyOllama.controls().failNext(2, 503);
            assertEquals(503, TestHttp.get(url + "/api/tags").statusCode());
            assertEquals(1, first.anyOllama.controls().requestCount());

            GatewayTest next = new GatewayTest();
            resource.inject(injectorFor(next));
            assertSame(first.anyOllama, next.anyOllama);
            assertEquals(0, next.anyOllama.controls().requestCount());
            assertEquals(200, TestHttp.get(url + "/api/tags").statusCode(), "the second armed failure was reset");
        } finally {
            resource.stop();
        }
    }

    @Test
    void anOllamaResourceDefaultsToTheSeedBackend() {
        OllamaSimulatorResource resource = new OllamaSimulatorResource();
        resource.init(Map.of());
        try {
            assertEquals(Set.of("citadel.backends.llm-02.url"), resource.start().keySet());
        } finally {
            resource.stop();
        }
    }

    @Test
    void anOpenAiResourceServesTheModelsAskedForUnderItsSuffix() {
        OpenAiSimulatorResource resource = new OpenAiSimulatorResource();
        resource.init(Map.of("url-property", "citadel.backends.vllm.url", "url-suffix", "/v1",
                "models", "mixtral:latest"));
        try {
            String url = resource.start().get("citadel.backends.vllm.url");
            GatewayTest test = new GatewayTest();
            resource.inject(injectorFor(test));

            assertTrue(url.endsWith("/v1"));
            assertTrue(TestHttp.get(url + "/models").body().contains("\"id\":\"mixtral:latest\""));
            assertEquals(url, test.openAi.v1Url());
            assertNull(test.anyOllama);
        } finally {
            resource.stop();
        }
    }

    @Test
    void anOpenAiResourceWithoutUrlPropertySaysWhatIsMissing() {
        OpenAiSimulatorResource resource = new OpenAiSimulatorResource();
        resource.init(Map.of());
        try {
            IllegalStateException error = assertThrows(IllegalStateException.class, resource::start);
            assertTrue(error.getMessage().contains("url-property"));
        } finally {
            resource.stop();
        }
    }

    @Test
    void proxyResourcesPointRedisAndPostgresAtTheProxy() {
        RedisFaultProxyResource redis = new RedisFaultProxyResource();
        PostgresFaultProxyResource postgres = new PostgresFaultProxyResource();
        redis.init(Map.of());
        postgres.init(Map.of("db", "citadel_it"));
        try {
            String redisUrl = redis.start().get("quarkus.redis.hosts");
            String postgresUrl = postgres.start().get("quarkus.datasource.reactive.url");
            GatewayTest test = new GatewayTest();
            redis.inject(injectorFor(test));
            postgres.inject(injectorFor(test));

            assertEquals("redis://127.0.0.1:" + test.redis.port(), redisUrl);
            assertEquals("127.0.0.1:6379", test.redis.target());
            assertEquals("postgresql://127.0.0.1:" + test.postgres.port() + "/citadel_it", postgresUrl);
            assertEquals("127.0.0.1:5432", test.postgres.target());
        } finally {
            redis.stop();
            postgres.stop();
        }
    }

    @Test
    void postgresDatabaseDefaultsToTheTestDatabase() {
        PostgresFaultProxyResource postgres = new PostgresFaultProxyResource();
        postgres.init(Map.of());
        try {
            String testDb = System.getenv().getOrDefault("CITADEL_TEST_DB_NAME", PostgresFaultProxyResource.DEFAULT_DB);
            assertTrue(postgres.start().get("quarkus.datasource.reactive.url").endsWith("/" + testDb));
        } finally {
            postgres.stop();
        }
    }

    /** What Quarkus does: offer the instance to every field of the test object the predicate accepts. */
    private static TestInjector injectorFor(Object testInstance) {
        return (value, predicate) -> {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }
}
