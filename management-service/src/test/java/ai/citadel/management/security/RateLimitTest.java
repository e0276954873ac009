package ai.citadel.management.security;

import ai.citadel.management.ManagementProfile;
import ai.citadel.management.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** Each person has their own budget of calls a minute; other Citadel services have none. */
@QuarkusTest
@TestProfile(RateLimitTest.ThreeAMinute.class)
class RateLimitTest {

    public static class ThreeAMinute extends ManagementProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("citadel.rate-limit.requests-per-minute", "3");
            return overrides;
        }
    }

    @Test
    void theFourthCallOfAMinuteIsRefusedForThatPersonOnly() {
        String person = Tokens.person("busy-" + UUID.randomUUID(), "operator");
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", person).get("/management/models/list?host=llm-01").then().statusCode(200);
        }
        given().header("Authorization", person).get("/management/models/list?host=llm-01").then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("error.code", equalTo("rate_limited"));
        given().header("Authorization", Tokens.person("calm-" + UUID.randomUUID(), "operator"))
                .get("/management/models/list?host=llm-01").then().statusCode(200);
    }
}
