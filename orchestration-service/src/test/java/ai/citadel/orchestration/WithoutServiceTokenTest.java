package ai.citadel.orchestration;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * A service installed without {@code CITADEL_SERVICE_TOKEN}: other services' calls are refused with a 401 that says
 * why, never let through; health stays open. (Any Citadel service behaves alike; this one starts fastest.)
 */
@QuarkusTest
@TestProfile(WithoutServiceTokenTest.NoServiceToken.class)
class WithoutServiceTokenTest {

    public static class NoServiceToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("citadel.auth.service-token", "");
        }
    }

    @Test
    void callsWithAServiceTokenAreRefusedWithTheReason() {
        given().auth().oauth2("some-token-the-other-service-was-given-0123456789")
                .get("/_contract/fail").then()
                .statusCode(401)
                .contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Bearer")
                .body("error.code", equalTo("unauthenticated"))
                .body("error.message", containsString("CITADEL_SERVICE_TOKEN"));
        given().get("/_contract/fail").then().statusCode(401)
                .body("error.message", containsString("Missing credential"));
        given().get("/health/ready").then().statusCode(200);
    }
}
