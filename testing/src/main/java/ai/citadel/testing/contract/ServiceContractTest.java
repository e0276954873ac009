package ai.citadel.testing.contract;

import ai.citadel.testing.quarkus.ServiceTokenByDefault;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.enterprise.inject.spi.CDI;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every Citadel service promises operators and clients, whatever it does
 * (docs/architecture.md#cross-cutting-rules): health at the root reflecting PostgreSQL and Redis, Prometheus metrics,
 * OpenAPI, its own schema migrated by Flyway, request ids and JSON error bodies. A service's test extends this with
 * {@code @QuarkusTest} and names its schema; its {@code @QuarkusIntegrationTest} subclass runs the same checks against
 * the packaged jar, less those that need the application in the test's JVM (the probe resource below ships in the
 * test build only, injection is in-JVM only).
 */
public abstract class ServiceContractTest {

    private static final String PROBE_ONLY = "answered by ContractProbeResource, which only the test build serves";

    /** The PostgreSQL schema the service owns. */
    protected abstract String schema();

    @Test
    void readinessChecksPostgresAndRedis() {
        given().get("/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Redis connection health check"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                .body("checks.status", not(hasItem("DOWN")))
                // the build that answers, for operators' status pages (the management service's /management/services)
                .body("version", not(emptyOrNullString()));
    }

    @Test
    void livenessAndCombinedHealthAnswerAtTheRoot() {
        given().get("/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/health").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void prometheusMetricsIncludeHttpAndJvm() {
        given().get("/health/live").then().statusCode(200);
        given().get("/metrics").then()
                .statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("http_server_requests_seconds_count"));
    }

    @Test
    void openApiDocumentDescribesTheService() {
        given().accept("application/json").get("/q/openapi").then()
                .statusCode(200)
                .body("openapi", notNullValue())
                .body("info.title", containsString("Citadel"));
    }

    @Test
    @DisabledOnIntegrationTest("reads the schema through the application's DataSource")
    void flywayMigratedTheServiceSchemaWithItsOwnHistory() throws SQLException {
        // looked up, not injected: an @Inject field would refuse the whole class under @QuarkusIntegrationTest
        DataSource dataSource = CDI.current().select(DataSource.class).get();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select version, success from " + schema()
                     + ".flyway_schema_history where version = '1'")) {
            assertTrue(rows.next(), "V1 recorded in " + schema() + ".flyway_schema_history");
            assertTrue(rows.getBoolean("success"));
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select count(*) from information_schema.tables where "
                     + "table_schema = '" + schema() + "' and table_name <> 'flyway_schema_history'")) {
            rows.next();
            assertTrue(rows.getInt(1) > 0, "V1 created the tables of schema " + schema());
        }
    }

    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void requestIdIsEchoedOrGenerated() {
        given().header("X-Request-Id", "abc-123").get("/health/live").then()
                .header("X-Request-Id", equalTo("abc-123"));
        given().get("/_contract/fail").then()
                .header("X-Request-Id", notNullValue());
    }

    @Test
    void unknownRouteIsJson404() {
        given().get("/no-such-route").then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("not_found"))
                .body("error.message", containsString("/no-such-route"));
    }

    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void wrongMethodIsJson405() {
        given().get("/_contract/echo").then()
                .statusCode(405)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("method_not_allowed"));
    }

    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void wrongContentTypeIsJson415() {
        given().contentType("text/plain").body("hello").post("/_contract/echo").then()
                .statusCode(415)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("unsupported_media_type"))
                .body("error.message", containsString("application/json"));
    }

    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void malformedJsonIsJson400NamingTheProblem() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", ").post("/_contract/echo").then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("invalid_json"))
                .body("error.message", containsString("Malformed JSON"))
                .body("error.message", containsString("line 1"));
    }

    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void wrongTypeIsJson400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"count\": \"many\"}").post("/_contract/echo")
                .then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("invalid_json"))
                .body("error.details.param", equalTo("count"));
    }

    /** A field given twice would silently be one of its values (a 500 where a record binds it): malformed. */
    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void duplicateFieldIsJson400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"count\": 1, \"name\": []}")
                .post("/_contract/echo").then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("invalid_json"))
                .body("error.message", containsString("Duplicate field 'name'"));
    }

    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void validJsonStillWorks() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"count\": 2, \"tags\": [\"a\"]}")
                .post("/_contract/echo").then()
                .statusCode(200)
                .body("count", equalTo(2));
    }

    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void securityHeadersOnEveryResponse() {
        for (String path : new String[]{"/health/live", "/metrics", "/no-such-route", "/_contract/fail"}) {
            given().get(path).then()
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Referrer-Policy", equalTo("no-referrer"))
                    .header("Content-Security-Policy", equalTo("default-src 'none'; frame-ancestors 'none'"));
        }
    }

    /** Declared too large: refused before a byte of the body is read, as JSON. */
    @Test
    void oversizedBodyIsJson413() throws IOException {
        String answer = RawHttp.exchange("POST /_contract/echo HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + ServiceTokenByDefault.serviceToken() + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{\"name\":");
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
        assertTrue(answer.contains("\"request_too_large\""), answer);
        assertTrue(answer.toLowerCase().contains("x-content-type-options: nosniff"), answer);
    }

    /** Refused by Vert.x before any route runs, yet answered in the JSON envelope; the connection still serves. */
    @Test
    void badPercentEscapeIsJson400AndTheConnectionStaysUsable() throws IOException {
        try (RawHttp connection = RawHttp.connect()) {
            String answer = connection.send("GET /no-such-route%ZZ HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
            assertTrue(answer.contains("\"invalid_request\""), answer);
            assertStillServes(connection, answer);
        }
    }

    /** Parsing an empty Content-Type throws; that must never surface as a 500. */
    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void emptyContentTypeIsNeverA500() throws IOException {
        try (RawHttp connection = RawHttp.connect()) {
            String answer = connection.send(RawHttp.post("/_contract/echo", "Content-Type: \r\n"
                    + "Authorization: Bearer " + ServiceTokenByDefault.serviceToken() + "\r\n",
                    "{\"name\": \"x\", \"count\": 2}"));
            assertTrue(answer.matches("(?s)HTTP/1\\.1 [2-4]\\d\\d .*"), answer);
            assertTrue(answer.toLowerCase().contains("content-type: application/json"), answer);
            assertStillServes(connection, answer);
        }
    }

    /** A kept-alive connection answers the next request, unless the answer said it closes. */
    protected static void assertStillServes(RawHttp connection, String answer) throws IOException {
        if (!RawHttp.closesConnection(answer)) {
            String next = connection.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertTrue(next.startsWith("HTTP/1.1 200"), "after " + answer + "\nthe connection answered " + next);
        }
    }

    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void unexpectedFailureIsJson500WithoutInternals() {
        String body = given().get("/_contract/fail").then()
                .statusCode(500)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("internal_error"))
                .body("error.details", nullValue())
                .extract().asString();
        assertTrue(!body.contains("internal detail") && !body.contains("Exception") && !body.contains("\tat "),
                "no internals in " + body);
        assertEquals(-1, body.indexOf("<html"));
    }

    /** A chunked body declares no length: refused in JSON once it grows past the limit, the rest never read. */
    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void chunkedBodyOverTheLimitIsJson413ThatClosesTheConnection() throws IOException {
        String megabyte = "100000\r\n" + " ".repeat(1 << 20) + "\r\n";
        long limit = ConfigProvider.getConfig().getValue("quarkus.http.limits.max-body-size", MemorySize.class)
                .asLongValue();
        KeptAliveConnection.Answer answer = raw("POST /_contract/echo HTTP/1.1\r\nHost: localhost\r\n"
                + authorization() + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + megabyte.repeat((int) (limit >> 20) + 2) + "0\r\n\r\n");
        assertJsonError(answer, 413, "request_too_large");
        assertTrue(answer.announcesClose());
    }

    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void chunkedBodyWithinTheLimitIsReadWhole() throws IOException {
        KeptAliveConnection.Answer answer = raw("POST /_contract/echo HTTP/1.1\r\nHost: localhost\r\n"
                + authorization() + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + chunks("{\"name\": \"", "x\", \"count\": 2, \"tags\"", ": [\"a\"]}"));
        assertEquals(200, answer.status(), answer.bodyText());
        assertTrue(answer.bodyText().contains("\"count\":2"), answer.bodyText());
    }

    /** Vert.x would answer in the version sent and then close the connection without saying so. */
    @Test
    void unsupportedHttpVersionIsJson400ThatClosesTheConnection() throws IOException {
        KeptAliveConnection.Answer answer = raw("GET /_contract/probe HTTP/1.2\r\nHost: localhost\r\n"
                + authorization() + "\r\n");
        assertJsonError(answer, 400, "invalid_request");
        assertTrue(answer.announcesClose());
    }

    /** HTTP/1.0 has no chunks: a streamed answer ends with the connection, or the client waits forever. */
    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void streamedAnswerToHttp10KeepAliveEndsWithTheConnection() throws IOException {
        KeptAliveConnection.Answer answer = raw("GET /_contract/large HTTP/1.0\r\nHost: localhost\r\n"
                + authorization() + "Connection: keep-alive\r\n\r\n");
        assertEquals(200, answer.status(), answer.bodyText());
        assertEquals(ContractProbeResource.LARGE_TAGS, JsonPath.from(answer.bodyText()).getList("tags").size());
        assertTrue(answer.announcesClose(), String.valueOf(answer.headers()));
    }

    /** Nothing says where such a body ends (RFC 9112 §6.3): Vert.x would read it as the next request. */
    @Test
    void transferEncodingNotEndingWithChunkedIsJson400ThatClosesTheConnection() throws IOException {
        KeptAliveConnection.Answer answer = raw("POST /_contract/echo HTTP/1.1\r\nHost: localhost\r\n"
                + authorization() + "Content-Type: application/json\r\nTransfer-Encoding: chunked;q=1\r\n\r\n"
                + chunks("{}"));
        assertJsonError(answer, 400, "invalid_request");
        assertTrue(answer.announcesClose());
    }

    /** RESTEasy would fail with a 500 writing the answer, after the resource ran. */
    @Test
    @DisabledOnIntegrationTest(PROBE_ONLY)
    void malformedAcceptIsJson400AndAnEmptyOneIsNoPreference() {
        given().accept("application").get("/_contract/probe").then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("invalid_request"))
                .body("error.message", containsString("Accept"));
        given().header("Accept", "").get("/_contract/probe").then()
                .statusCode(200)
                .body("name", equalTo("probe"));
    }

    /** The router refuses these before any route; Quarkus would answer with an empty 404. */
    @Test
    void requestTargetThatIsNoPathIsJson404() throws IOException {
        assertJsonError(raw("GET * HTTP/1.1\r\nHost: localhost\r\n" + authorization() + "\r\n"), 404, "not_found");
        assertJsonError(raw("GET _contract/probe HTTP/1.1\r\nHost: localhost\r\n" + authorization() + "\r\n"),
                404, "not_found");
    }

    private static String authorization() {
        return "Authorization: Bearer " + ServiceTokenByDefault.serviceToken() + "\r\n";
    }

    /** One request on a connection of its own, written as is. */
    private static KeptAliveConnection.Answer raw(String request) throws IOException {
        try (KeptAliveConnection connection = new KeptAliveConnection("localhost", RestAssured.port,
                Duration.ofSeconds(FuzzTest.TIMEOUT_SECONDS))) {
            return connection.exchange(request.getBytes(StandardCharsets.ISO_8859_1), false);
        }
    }

    private static String chunks(String... parts) {
        StringBuilder body = new StringBuilder();
        for (String part : parts) {
            body.append(Integer.toHexString(part.length())).append("\r\n").append(part).append("\r\n");
        }
        return body.append("0\r\n\r\n").toString();
    }

    private static void assertJsonError(KeptAliveConnection.Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.bodyText());
        assertTrue(String.valueOf(answer.header("Content-Type")).startsWith("application/json"), answer.bodyText());
        assertEquals(code, JsonPath.from(answer.bodyText()).getString("error.code"), answer.bodyText());
    }
}
