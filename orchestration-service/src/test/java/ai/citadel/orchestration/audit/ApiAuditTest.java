package ai.citadel.orchestration.audit;

import ai.citadel.commons.text.Sha256;
import ai.citadel.orchestration.service.audit.ApiAudit;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.contract.RawHttp;
import ai.citadel.testing.quarkus.ServiceTokenByDefault;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every API call leaves one row in {@code orchestration.audit_logs} with who called, what, the answer's status, how
 * long it took, from where, and the SHA-256 of the body (never the body): successful calls, failed ones and calls
 * refused before any resource runs alike. Probes and scrapes are not audited.
 */
@QuarkusTest
class ApiAuditTest {

    private static final String PROBE = "{\"name\":\"audit\",\"count\":1,\"tags\":[\"a\"]}";

    @Inject
    DataSource dataSource;

    @Inject
    ApiAudit audit;

    @Test
    void recordsOlderThanTheRetentionAreDeleted() throws Exception {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement("""
                INSERT INTO orchestration.audit_logs (id, created_at, method, path, status)
                VALUES (?, now() - ? * interval '1 day', 'GET', '/api/v1/workflows', 200)""")) {
            insert.setObject(1, old);
            insert.setInt(2, 91);
            insert.executeUpdate();
            insert.setObject(1, recent);
            insert.setInt(2, 89);
            insert.executeUpdate();
        }

        audit.deleteExpired().await().indefinitely();

        assertEquals(0, auditRows(old), "older than the 90 days of retention");
        assertEquals(1, auditRows(recent));
    }

    private long auditRows(UUID id) throws Exception {
        try (var connection = dataSource.getConnection();
             var select = connection.prepareStatement("SELECT count(*) FROM orchestration.audit_logs WHERE id = ?")) {
            select.setObject(1, id);
            try (var result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    @Test
    void aCallIsRecordedWithItsCallerStatusBodyHashAndOrigin() {
        String requestId = requestId();
        Instant before = Instant.now();
        given().header("X-Request-Id", requestId).contentType(ContentType.JSON).body(PROBE)
                .post("/_contract/echo?trace=1").then().statusCode(200);

        Map<String, Object> row = rows().awaitOne(requestId);
        assertEquals("citadel-service", row.get("user_id"), "the service token's principal");
        assertEquals("POST", row.get("method"));
        assertEquals("/_contract/echo", row.get("path"), "without the query");
        assertEquals(200, row.get("status"));
        assertEquals(Sha256.hex(PROBE), row.get("body_sha256"));
        assertEquals("127.0.0.1", row.get("client_ip"));
        assertTrue((Integer) row.get("latency_ms") >= 0);
        Instant createdAt = ((Timestamp) row.get("created_at")).toInstant();
        assertTrue(!createdAt.isBefore(before.minusSeconds(1)) && !createdAt.isAfter(Instant.now()),
                "when the request arrived: " + createdAt);
    }

    @Test
    void failedCallsAreRecordedWithTheirStatus() {
        String failing = requestId();
        given().header("X-Request-Id", failing).get("/_contract/fail").then().statusCode(500);
        Map<String, Object> failed = rows().awaitOne(failing);
        assertEquals(500, failed.get("status"));
        assertEquals("GET", failed.get("method"));
        assertNull(failed.get("body_sha256"), "no body");

        String malformed = requestId();
        String body = "{\"name\": ";
        given().header("X-Request-Id", malformed).contentType(ContentType.JSON).body(body)
                .post("/_contract/echo").then().statusCode(400);
        Map<String, Object> refused = rows().awaitOne(malformed);
        assertEquals(400, refused.get("status"));
        assertEquals(Sha256.hex(body), refused.get("body_sha256"), "the body as sent, malformed or not");

        String unknown = requestId();
        given().header("X-Request-Id", unknown).get("/api/v1/nothing-here").then().statusCode(404);
        assertEquals(404, rows().awaitOne(unknown).get("status"));
    }

    @Test
    void callsRefusedForTheirCredentialAreRecordedWithoutAUserOrABodyRead() throws IOException {
        String wrongToken = requestId();
        given().header("X-Request-Id", wrongToken)
                .header("Authorization", "Bearer not-a-token-this-service-knows-0123456789")
                .contentType(ContentType.JSON).body(PROBE)
                .post("/_contract/echo").then().statusCode(401);
        Map<String, Object> refused = rows().awaitOne(wrongToken);
        assertEquals(401, refused.get("status"));
        assertNull(refused.get("user_id"));
        assertNull(refused.get("body_sha256"), "a refused caller's body is never read");

        String noCredential = requestId();
        String answer = RawHttp.exchange("GET /_contract/probe HTTP/1.1\r\nHost: localhost\r\nX-Request-Id: "
                + noCredential + "\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        Map<String, Object> anonymous = rows().awaitOne(noCredential);
        assertEquals(401, anonymous.get("status"));
        assertNull(anonymous.get("user_id"));
    }

    @Test
    void aChunkedBodyIsHashedAsSentAndStillReachesTheResource() throws Exception {
        String requestId = requestId();
        String token = ServiceTokenByDefault.serviceToken();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/_contract/echo"))
                .header("Authorization", "Bearer " + token).header("X-Request-Id", requestId)
                .header("Content-Type", "application/json")
                // no length: the client sends the body chunked
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(PROBE.getBytes(StandardCharsets.UTF_8))))
                .build();
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(PROBE, response.body());
        }
        assertEquals(Sha256.hex(PROBE), rows().awaitOne(requestId).get("body_sha256"));
    }

    @Test
    void probesAndScrapesAreNotAuditedAndTheAuditHasItsMetrics() {
        String probe = requestId();
        given().header("X-Request-Id", probe).get("/health/ready").then().statusCode(200);
        given().header("X-Request-Id", probe + "-metrics").get("/metrics").then().statusCode(200);
        String call = probe + "-call";
        given().header("X-Request-Id", call).get("/_contract/probe").then().statusCode(200);
        rows().awaitOne(call);
        assertEquals(1, rows().of(probe).size(), "only the API call; the writer keeps the order, so the others"
                + " would be there by now");

        assertTrue(MetricsScrape.value("citadel_audit_records_written_total{log=\"api\"}") >= 1);
        assertTrue(MetricsScrape.value("citadel_audit_records_queued_total{log=\"api\"}") >= 1);
        assertEquals(0.0, MetricsScrape.value("citadel_audit_refused_calls_total{log=\"api\"}"));
        assertEquals(0.0, MetricsScrape.value("citadel_audit_records_dropped_total{log=\"api\"}"));
    }

    private AuditLogRows rows() {
        return new AuditLogRows(dataSource);
    }

    private static String requestId() {
        return "audit-" + UUID.randomUUID();
    }

}
