package ai.citadel.gateway.security;

import ai.citadel.gateway.service.security.ApiKeyService;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import ai.citadel.testing.quarkus.PostgresFaultProxyResource;
import ai.citadel.testing.quarkus.RedisFaultProxyResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static ai.citadel.gateway.security.ApiKeysTest.chat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Neither a Redis nor a PostgreSQL outage turns into refusals of good keys: the links are cut through fault
 * proxies while the servers keep running. Also the per-client-IP limit.
 */
@QuarkusTest
@TestProfile(OutageProfile.class)
@QuarkusTestResource(value = RedisFaultProxyResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = PostgresFaultProxyResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class SecurityOutageTest {

    @InjectFaultProxy("redis")
    FaultProxy redis;

    @InjectFaultProxy("postgres")
    FaultProxy postgres;

    @Inject
    ApiKeyService keys;

    @BeforeEach
    void freshIpWindow() {
        @SuppressWarnings("unchecked")
        List<String> windows = (List<String>) RawRedis.command("KEYS", "citadel:ratelimit:ip:*");
        windows.forEach(window -> RawRedis.command("DEL", window));
    }

    @AfterEach
    void restoreLinks() {
        redis.restore();
        postgres.restore();
    }

    @Test
    void redisOutageLetsRequestsThroughUnlimitedThenLimitsReturn() {
        String key = newKey("rpm-2", 2);
        double before = MetricsScrape.sum("citadel_gateway_rate_limit_unavailable_total");

        redis.cut();
        for (int i = 0; i < 4; i++) {
            chat(key).then().statusCode(200).header("X-RateLimit-Limit", nullValue());
        }
        assertTrue(MetricsScrape.sum("citadel_gateway_rate_limit_unavailable_total") >= before + 4);

        redis.restore();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (chat(key).statusCode() != 429) {
            if (Instant.now().isAfter(deadline)) {
                fail("the key's limit of 2 per minute was not enforced again after Redis returned");
            }
            sleep(200);
        }
    }

    @Test
    void postgresOutageKeepsKeysAlreadySeenWorking() {
        String seen = newKey("seen", null);
        String neverSeen = newKey("never-seen", null);
        chat(seen).then().statusCode(200);
        double stale = MetricsScrape.sum("citadel_gateway_api_key_stale_lookups_total");

        postgres.cut();
        sleep(700); // past the cache TTL: the gateway must ask PostgreSQL again, and cannot
        chat(seen).then().statusCode(200);
        chat(seen).then().statusCode(200);
        assertTrue(MetricsScrape.sum("citadel_gateway_api_key_stale_lookups_total") >= stale + 1);
        // a key never seen cannot be checked: 503, not a 401 that would make its owner think it is wrong
        chat(neverSeen).then().statusCode(503)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("auth_unavailable"));

        postgres.restore();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (chat(neverSeen).statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                fail("the new key was not accepted after PostgreSQL returned");
            }
            sleep(200);
        }
    }

    @Test
    void clientAddressLimitHoldsWhateverTheKey() {
        String first = newKey("ip-1", null);
        String second = newKey("ip-2", null);
        double before = MetricsScrape.sum("citadel_gateway_rate_limit_rejections_total", "scope=\"ip\"");
        for (int i = 0; i < OutageProfile.IP_RPM; i++) {
            chat(i % 2 == 0 ? first : second).then().statusCode(200)
                    .header("X-RateLimit-Limit", String.valueOf(OutageProfile.IP_RPM))
                    .header("X-RateLimit-Remaining", String.valueOf(OutageProfile.IP_RPM - i - 1));
        }
        chat(second).then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("error.message", containsString("client address"));
        assertTrue(MetricsScrape.sum("citadel_gateway_rate_limit_rejections_total", "scope=\"ip\"") >= before + 1);
    }

    /**
     * Guessing keys cannot load PostgreSQL: a malformed key is refused on its shape, an unknown one is remembered, and
     * every new guess costs the client address one request of its limit before PostgreSQL is asked.
     */
    @Test
    void guessedKeysAreRefusedWithoutAskingPostgresAndCostTheAddressItsLimit() {
        String unknown = "ck-" + "A".repeat(43);
        chat(unknown).then().statusCode(401).body("error.message", containsString("unknown"));

        // with PostgreSQL unreachable, a key that had to be looked up would get 503: these are answered without it
        postgres.cut();
        chat("ck-too-short").then().statusCode(401)
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.message", containsString("43 characters"));
        chat(unknown).then().statusCode(401).body("error.message", containsString("unknown"));
        postgres.restore();

        // the first guess cost one request of the address's window; the rest of it goes to new guesses
        for (int i = 1; i < OutageProfile.IP_RPM; i++) {
            chat("ck-" + "B".repeat(42) + (char) ('a' + i)).then().statusCode(401);
        }
        chat("ck-" + "C".repeat(43)).then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("error.message", containsString("client address"));
    }

    private String newKey(String name, Integer rpm) {
        return keys.create(name, rpm, null, "test").await().atMost(Duration.ofSeconds(5)).secret();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
