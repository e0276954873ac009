package ai.citadel.management.security;

import ai.citadel.management.ManagementProfile;
import ai.citadel.management.Tokens;
import ai.citadel.management.audit.AuditRows;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Who may call the management service: people with role {@code admin} for everything, {@code operator} for the
 * read-only calls, the bootstrap admin token as an admin; no credential, an expired token or one of another issuer
 * is a 401, a missing role a 403 — and every one of those calls is in the admin audit.
 */
@QuarkusTest
@TestProfile(ManagementProfile.class)
class ManagementSecurityTest {

    @Inject
    DataSource dataSource;

    @Test
    void withoutATokenTheCallIsRefusedAndAudited() {
        String requestId = "sec-none-" + UUID.randomUUID();
        given().noFilters().header("X-Request-Id", requestId).get("/management/audit").then().statusCode(401)
                .contentType(ContentType.JSON).body("error.code", equalTo("unauthenticated"));
        Map<String, Object> row = rows().awaitOne(requestId);
        assertNull(row.get("user_id"));
        assertEquals("denied", row.get("outcome"));
        assertEquals(401, row.get("status"));
    }

    @Test
    void anExpiredTokenIsRefused() {
        call(Tokens.expired("admin")).get("/management/audit").then().statusCode(401)
                .body("error.code", equalTo("unauthenticated"));
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        call(Tokens.otherIssuer("admin")).get("/management/audit").then().statusCode(401)
                .body("error.code", equalTo("unauthenticated"));
    }

    @Test
    void anOperatorMayNotReadTheAudit() {
        String requestId = "sec-op-" + UUID.randomUUID();
        call(Tokens.operator()).header("X-Request-Id", requestId).get("/management/audit").then().statusCode(403)
                .body("error.code", equalTo("forbidden"));
        Map<String, Object> row = rows().awaitOne(requestId);
        assertEquals("operator-olga", row.get("user_id"));
        assertEquals(List.of("operator"), row.get("roles"));
        assertEquals("audit.read", row.get("action"));
        assertEquals("denied", row.get("outcome"));
    }

    @Test
    void theBootstrapAdminTokenCountsAsAdmin() {
        String requestId = "sec-boot-" + UUID.randomUUID();
        call(Tokens.bootstrapAdmin()).header("X-Request-Id", requestId).get("/management/audit?limit=5")
                .then().statusCode(200);
        Map<String, Object> row = rows().awaitOne(requestId);
        assertEquals("bootstrap-admin", row.get("user_id"));
        assertEquals("audit.read", row.get("action"));
        assertEquals("ok", row.get("outcome"));
    }

    @Test
    void theServiceTokenIsNoOperator() {
        given().get("/management/audit").then().statusCode(403).body("error.code", equalTo("forbidden"));
    }

    private AuditRows rows() {
        return new AuditRows(dataSource);
    }

    private static RequestSpecification call(String authorization) {
        return given().header("Authorization", authorization);
    }
}
