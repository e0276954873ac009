package ai.citadel.testing.contract;

import ai.citadel.testing.quarkus.ServiceTokenByDefault;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every Citadel service promises operators and clients, whatever it does (DESIGN.md §8): health at the root
 * reflecting PostgreSQL and Redis, Prometheus metrics, OpenAPI, its own schema migrated by Flyway, request ids and
 * JSON error bodies. A service's test extends this with {@code @QuarkusTest} and names its schema.
 */
public abstract class ServiceContractTest {

    @Inject
    DataSource dataSource;

    /** The PostgreSQL schema the service owns. */
    protected abstract String schema();

    @Test
    void readinessChecksPostgresAndRedis() {
        given().get("/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Redis connection health check"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"))
                .body("checks.status", not(hasItem("DOWN")));
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
    void flywayMigratedTheServiceSchemaWithItsOwnHistory() throws SQLException {
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
    void wrongMethodIsJson405() {
        given().get("/_contract/echo").then()
                .statusCode(405)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("method_not_allowed"));
    }

    @Test
    void wrongContentTypeIsJson415() {
        given().contentType("text/plain").body("hello").post("/_contract/echo").then()
                .statusCode(415)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("unsupported_media_type"))
                .body("error.message", containsString("application/json"));
    }

    @Test
    void malformedJsonIsJson400NamingTheProblem() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", ").post("/_contract/echo").then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("invalid_json"))
                .body("error.message", containsString("Malformed JSON"))
                .body("error.message", containsString("line 1"));
    }

    @Test
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
    void duplicateFieldIsJson400NamingTheField() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"count\": 1, \"name\": []}")
                .post("/_contract/echo").then()
                .statusCode(400)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("invalid_json"))
                .body("error.message", containsString("Duplicate field 'name'"));
    }

    @Test
    void validJsonStillWorks() {
        given().contentType(ContentType.JSON).body("{\"name\": \"x\", \"count\": 2, \"tags\": [\"a\"]}")
                .post("/_contract/echo").then()
                .statusCode(200)
                .body("count", equalTo(2));
    }

    @Test
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

    @Test
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
}
