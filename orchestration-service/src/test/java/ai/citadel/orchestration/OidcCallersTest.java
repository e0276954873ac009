package ai.citadel.orchestration;

import ai.citadel.orchestration.audit.AuditLogRows;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * People's OIDC tokens next to the service token, as every non-gateway service takes them (the mechanism and its
 * configuration are shared; this service starts fastest): the issuer's signature, the audience and the one role
 * claim are checked, and gateway API keys mean nothing here.
 */
@QuarkusTest
@TestProfile(OidcCallersTest.WithIssuer.class)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = true)
class OidcCallersTest {

    public static class WithIssuer implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                    "quarkus.oidc.token.issuer", "https://server.example.com");
        }
    }

    private static final String SUBJECT = "user_2NNEqL2nrIRdJ194ndJqAHwEfxC";
    private static final String PROBE = "{\"name\":\"n\",\"count\":1,\"tags\":[]}";

    @Inject
    DataSource dataSource;

    @Test
    void aTokenOfTheIssuerForCitadelIsAccepted() {
        echo("Bearer " + token("citadel")).then().statusCode(200).body("name", equalTo("n"));
    }

    @Test
    void theAuditRecordsTheTokensSubject() {
        String requestId = "oidc-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + token("citadel")).header("X-Request-Id", requestId)
                .contentType(ContentType.JSON).body(PROBE)
                .post("/_contract/echo").then().statusCode(200);
        assertEquals(SUBJECT, new AuditLogRows(dataSource).awaitOne(requestId).get("user_id"));
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        echo("Bearer " + token("grafana")).then().statusCode(401)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("unauthenticated"));
    }

    @Test
    void gatewayApiKeysAreNoCredentialHere() {
        echo("Bearer ck-" + "a".repeat(43)).then().statusCode(401)
                .body("error.message", containsString("API keys (ck-…) are for the gateway"));
    }

    @Test
    void theServiceTokenStillWorks() {
        given().contentType(ContentType.JSON).body(PROBE).post("/_contract/echo").then().statusCode(200);
    }

    private static io.restassured.response.Response echo(String authorization) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON).body(PROBE)
                .post("/_contract/echo");
    }

    private static String token(String audience) {
        return Jwt.subject(SUBJECT).preferredUserName("carol").groups(Set.of("user")).audience(audience)
                .issuer("https://server.example.com").sign("privateKey.jwk");
    }
}
