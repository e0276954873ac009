package ai.citadel.gateway.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The documented defaults of every timeout and breaker the gateway guards its calls with, and the older key. */
class ResilienceSettingsTest {

    private static final String FAULT_TOLERANCE_TIMEOUT =
            "quarkus.fault-tolerance.\"ai.citadel.gateway.client.EmbeddingServiceClient/embeddings\".timeout.value";

    @Test
    void defaults() {
        GatewayConfig gateway = gateway(Map.of());
        assertEquals(Duration.ofSeconds(30), gateway.embeddingService().timeout());
        assertBreaker(gateway.embeddingService().circuitBreaker());
        assertEquals(Duration.ofMillis(150), gateway.cache().redis().readTimeout());
        assertEquals(Duration.ofMillis(150), gateway.cache().redis().responsesWriteTimeout());
        assertEquals(Duration.ofMillis(500), gateway.cache().redis().embeddingsWriteTimeout());
        assertBreaker(gateway.cache().redis().circuitBreaker());
        assertEquals(Duration.ofSeconds(15), gateway.routing().probeInterval());
        assertEquals(Duration.ofSeconds(10), gateway.routing().circuitBreaker().delay());
        assertEquals(Duration.ofHours(6), gateway.audit().partitionMaintenanceInterval());

        SecurityConfig.RateLimits limits = config(Map.of(), SecurityConfig.class).rateLimits();
        assertEquals(Duration.ofMillis(250), limits.redisTimeout());
        assertEquals(4, limits.redisRequestVolumeThreshold());
        assertEquals(0.5, limits.redisFailureRatio());
        assertEquals(Duration.ofSeconds(5), limits.redisRetryDelay());
    }

    @Test
    void theFaultToleranceKeyDocumentedBeforeStillSetsTheEmbeddingServiceTimeout() {
        assertEquals(Duration.ofSeconds(2), gateway(Map.of(FAULT_TOLERANCE_TIMEOUT, "2000")).embeddingService().timeout());
    }

    @Test
    void theCitadelKeyWinsOverTheOlderOne() {
        assertEquals(Duration.ofMillis(700), gateway(Map.of(FAULT_TOLERANCE_TIMEOUT, "2000",
                "citadel.embedding-service.timeout", "700ms")).embeddingService().timeout());
    }

    private static void assertBreaker(GatewayConfig.DependencyCircuitBreaker breaker) {
        assertEquals(4, breaker.requestVolumeThreshold());
        assertEquals(0.5, breaker.failureRatio());
        assertEquals(Duration.ofSeconds(5), breaker.delay());
    }

    private static GatewayConfig gateway(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.put("citadel.audit.spool-directory", "target/audit-spool");
        return config(all, GatewayConfig.class);
    }

    private static <T> T config(Map<String, String> properties, Class<T> mapping) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(mapping)
                .withValidateUnknown(false)
                .build();
        return config.getConfigMapping(mapping);
    }
}
