package ai.citadel.testing.contract;

import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Readiness follows Redis: the link to Redis is cut through a fault proxy (the shared Redis keeps running), the
 * service reports DOWN naming Redis, and UP again once the link is back. A service's test extends this with
 * {@code @QuarkusTest} and {@code @QuarkusTestResource(RedisFaultProxyResource.class)}.
 */
public abstract class RedisOutageContractTest {

    private static final String REDIS_CHECK = "Redis connection health check";

    @InjectFaultProxy("redis")
    FaultProxy redis;

    @AfterEach
    void restoreLink() {
        redis.restore();
    }

    @Test
    void readinessGoesDownNamingRedisAndRecovers() {
        awaitReadiness(r -> r.statusCode() == 200, "UP before the cut");

        redis.cut();
        Response down = awaitReadiness(r -> r.statusCode() == 503, "DOWN while Redis is cut off");
        assertEquals("DOWN", statusOf(down, REDIS_CHECK), down.asString());
        assertEquals("UP", statusOf(down, "Reactive PostgreSQL connections health check"), down.asString());

        redis.restore();
        Response up = awaitReadiness(r -> r.statusCode() == 200, "UP after the link returns");
        assertEquals("UP", statusOf(up, REDIS_CHECK), up.asString());
    }

    private static Response awaitReadiness(Predicate<Response> condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        Response last;
        do {
            last = given().get("/health/ready");
            if (condition.test(last)) {
                return last;
            }
            sleep();
        } while (Instant.now().isBefore(deadline));
        return fail("readiness not " + what + " within 30 s; last answer: " + last.asString());
    }

    private static String statusOf(Response readiness, String check) {
        List<Map<String, Object>> checks = readiness.jsonPath().getList("checks");
        return checks.stream().filter(c -> check.equals(c.get("name"))).map(c -> (String) c.get("status"))
                .findFirst().orElse("absent");
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
