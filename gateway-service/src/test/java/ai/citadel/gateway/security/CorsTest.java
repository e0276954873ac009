package ai.citadel.gateway.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Browser front ends on the configured origins may call the gateway; other origins get no CORS grant. */
@QuarkusTest
@TestProfile(CorsTest.OneOrigin.class)
class CorsTest {

    static final String ALLOWED = "https://chat.example.com";

    public static class OneOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", ALLOWED);
        }
    }

    @Test
    void aConfiguredOriginGetsItsPreflightGranted() {
        given().header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/v1/chat/completions").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Methods", containsString("POST"));
    }

    @Test
    void aConfiguredOriginMayReadTheGatewaysHeaders() {
        String exposed = given().header("Origin", ALLOWED).get("/v1/models").then()
                .statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .extract().header("Access-Control-Expose-Headers");
        // every header the gateway documents for clients (docs/gateway.md#response-headers)
        for (String header : List.of("X-Request-Id", "Retry-After", "X-Conversation-Id", "X-Citadel-Backend",
                "X-Citadel-Cache", "X-Citadel-Overhead-Ms", "X-RateLimit-Limit", "X-RateLimit-Remaining",
                "X-RateLimit-Reset", "X-RateLimit-Limit-Tokens", "X-RateLimit-Remaining-Tokens",
                "X-RateLimit-Reset-Tokens")) {
            assertTrue(List.of(exposed.split("\\s*,\\s*")).contains(header), header + " not exposed: " + exposed);
        }
    }

    @Test
    void anotherOriginIsNotGranted() {
        given().header("Origin", "https://evil.example.net")
                .header("Access-Control-Request-Method", "POST")
                .options("/v1/chat/completions").then()
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example.net").get("/v1/models").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
