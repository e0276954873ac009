package ai.citadel.gateway.security;

import ai.citadel.gateway.repository.RateLimitCounters;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.eclipse.microprofile.config.ConfigProvider;
import io.smallrye.jwt.build.Jwt;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys managed by operators and required on /v1/*, with per-key limits kept in Redis. */
@QuarkusTest
@TestProfile(ApiKeysProfile.class)
@QuarkusTestResource(value = OidcWiremockTestResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class ApiKeysTest {

    static final String CHAT = """
            {"model":"phi3","messages":[{"role":"user","content":"why is the sky blue"}]}""";

    @Test
    void adminEndpointsNeedAnAdminToken() {
        given().get("/admin/api-keys").then().statusCode(401)
                .contentType(ContentType.JSON)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("error.code", equalTo("unauthenticated"));
        given().auth().oauth2(token("bob", "user")).get("/admin/api-keys").then().statusCode(403)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("forbidden"));
        given().auth().oauth2("not-a-jwt").get("/admin/api-keys").then().statusCode(401)
                .contentType(ContentType.JSON);
        given().auth().oauth2(token("alice", "admin")).get("/admin/api-keys").then().statusCode(200);
        // an API key is no operator token
        String key = create("not-an-operator", null, null).path("key");
        given().auth().oauth2(key).get("/admin/api-keys").then().statusCode(403)
                .body("error.code", equalTo("forbidden"));
    }

    @Test
    void operatorTokensFromAnotherIssuerOrExpiredAreRefused() {
        // the same signing key and claims with the right issuer, unexpired: accepted, so the refusals below are
        // about the issuer and the expiry, nothing else
        String valid = token("alice", "admin");
        given().auth().oauth2(valid).get("/admin/api-keys").then().statusCode(200);
        String foreign = Jwt.preferredUserName("mallory").groups(Set.of("admin")).audience("citadel")
                .issuer("https://another-issuer.example.com").sign("privateKey.jwk");
        given().auth().oauth2(foreign).get("/admin/api-keys").then().statusCode(401)
                .contentType(ContentType.JSON);
        String expired = Jwt.preferredUserName("alice").groups(Set.of("admin")).audience("citadel")
                .issuer("https://server.example.com")
                .issuedAt(Instant.now().minus(Duration.ofHours(2))).expiresAt(Instant.now().minus(Duration.ofHours(1)))
                .sign("privateKey.jwk");
        given().auth().oauth2(expired).get("/admin/api-keys").then().statusCode(401)
                .contentType(ContentType.JSON);
        // a token the issuer made for another application
        String otherAudience = Jwt.preferredUserName("alice").groups(Set.of("admin")).audience("grafana")
                .issuer("https://server.example.com").sign("privateKey.jwk");
        given().auth().oauth2(otherAudience).get("/admin/api-keys").then().statusCode(401)
                .contentType(ContentType.JSON).body("error.code", equalTo("unauthenticated"));
        // roles are read from the one configured claim (groups here), never from another the token happens to carry
        String rolesElsewhere = Jwt.preferredUserName("alice").claim("roles", List.of("admin")).audience("citadel")
                .issuer("https://server.example.com").sign("privateKey.jwk");
        given().auth().oauth2(rolesElsewhere).get("/admin/api-keys").then().statusCode(403)
                .contentType(ContentType.JSON).body("error.code", equalTo("forbidden"));
    }

    /** An installation without an OIDC issuer still gets its first key: the bootstrap admin token may manage keys. */
    @Test
    void theBootstrapAdminTokenManagesKeysAndNothingElse() {
        String adminToken = ConfigProvider.getConfig().getValue("citadel.auth.admin-token", String.class);
        String id = given().auth().oauth2(adminToken).contentType(ContentType.JSON).body("{\"name\":\"first\"}")
                .post("/admin/api-keys").then()
                .statusCode(201)
                .body("created_by", equalTo("bootstrap-admin"))
                .extract().path("id");
        given().auth().oauth2(adminToken).get("/admin/api-keys").then().statusCode(200)
                .body("data.id", hasItem(id));
        // it is no model-API credential: apps use the keys it creates
        chat(adminToken).then().statusCode(403).body("error.type", notNullValue());
        // one character off is just a wrong token
        String wrong = adminToken.substring(0, adminToken.length() - 1) + "X";
        given().auth().oauth2(wrong).get("/admin/api-keys").then().statusCode(401);
    }

    @Test
    void keyLifecycleCreateUseListRevoke() {
        given().contentType(ContentType.JSON).body(CHAT).post("/v1/chat/completions").then()
                .statusCode(401)
                .contentType(ContentType.JSON)
                .header("WWW-Authenticate", "Bearer")
                .body("error.type", equalTo("authentication_error"))
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.message", containsString("Missing credential"));

        Response created = create("ci-pipeline", 100, null);
        String key = created.path("key");
        String id = created.path("id");
        assertTrue(key.matches("ck-[A-Za-z0-9_-]{43}"), key);
        assertEquals(key.substring(0, 10), created.path("key_prefix"));
        assertTrue(created.header("Location").endsWith("/admin/api-keys/" + id), created.header("Location"));

        chat(key).then().statusCode(200).body("choices[0].message.content", notNullValue());

        String list = given().auth().oauth2(token("alice", "admin")).get("/admin/api-keys").then()
                .statusCode(200)
                .body("data.id", hasItem(id))
                .body("data.find { it.id == '" + id + "' }.name", equalTo("ci-pipeline"))
                .body("data.find { it.id == '" + id + "' }.created_by", equalTo("alice"))
                .body("data.find { it.id == '" + id + "' }.rpm_limit", equalTo(100))
                .body("data.find { it.id == '" + id + "' }.key", nullValue())
                .extract().asString();
        assertFalse(list.contains(key.substring(10)), "the secret is never listed");
        assertFalse(list.contains("key_hash"), list);

        given().auth().oauth2(token("alice", "admin")).delete("/admin/api-keys/" + id).then().statusCode(204);
        chat(key).then()
                .statusCode(401)
                .body("error.code", equalTo("invalid_api_key"))
                .body("error.message", containsString("revoked"));
        given().auth().oauth2(token("alice", "admin")).get("/admin/api-keys").then()
                .body("data.find { it.id == '" + id + "' }.revoked_at", notNullValue());
    }

    @Test
    void wrongKeysAreRefusedAndCounted() {
        double before = MetricsScrape.sum("citadel_auth_failures_total", "reason=\"invalid\"");
        chat("ck-" + "x".repeat(43)).then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        chat("sk-openai-placeholder").then().statusCode(401).body("error.message", containsString("ck-"));
        assertEquals(before + 2, MetricsScrape.sum("citadel_auth_failures_total", "reason=\"invalid\""));
        // operations endpoints stay open
        given().get("/health/ready").then().statusCode(200);
        given().get("/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void badAdminRequestsAreExplained() {
        admin().body("{\"name\":\"  \"}").post("/admin/api-keys").then()
                .statusCode(400).body("error.details.param", equalTo("name"));
        admin().body("{\"name\":\"x\",\"rpm_limit\":0}").post("/admin/api-keys").then()
                .statusCode(400).body("error.code", equalTo("invalid_request"))
                .body("error.message", containsString("must be greater than 0"));
        given().auth().oauth2(token("alice", "admin"))
                .delete("/admin/api-keys/00000000-0000-0000-0000-000000000000").then()
                .statusCode(404).body("error.code", equalTo("api_key_not_found"));
    }

    @Test
    void requestsOverTheKeysRpmGet429WithRateLimitHeaders() {
        String key = create("rpm-3", 3, null).path("key");
        for (int remaining = 2; remaining >= 0; remaining--) {
            chat(key).then().statusCode(200)
                    .header("X-RateLimit-Limit", "3")
                    .header("X-RateLimit-Remaining", String.valueOf(remaining))
                    .header("X-RateLimit-Reset", matchesPattern("[1-9][0-9]*"));
        }
        double before = MetricsScrape.sum("citadel_gateway_rate_limit_rejections_total",
                "scope=\"key\"", "limit=\"rpm\"");
        chat(key).then()
                .statusCode(429)
                .contentType(ContentType.JSON)
                .header("Retry-After", matchesPattern("[1-9][0-9]*"))
                .header("X-RateLimit-Limit", "3")
                .header("X-RateLimit-Remaining", "0")
                .header("X-RateLimit-Reset", matchesPattern("[1-9][0-9]*"))
                .header("X-Request-Id", notNullValue())
                .body("error.type", equalTo("rate_limit_error"))
                .body("error.code", equalTo("rate_limit_exceeded"));
        assertEquals(before + 1, MetricsScrape.sum("citadel_gateway_rate_limit_rejections_total",
                "scope=\"key\"", "limit=\"rpm\""));
    }

    /** {@code /v1;x/chat/completions} is the same route to Quarkus, so it gets the same key check and limits. */
    @Test
    void everySpellingOfARouteIsCheckedAndLimitedAlike() {
        given().urlEncodingEnabled(false).contentType(ContentType.JSON).body(CHAT).post("/v1;x/chat/completions")
                .then().statusCode(401).body("error.code", equalTo("invalid_api_key"));
        String key = create("rpm-2-spellings", 2, null).path("key");
        spelled(key, "/v1;x/chat/completions").then().statusCode(200).header("X-RateLimit-Remaining", "1");
        spelled(key, "/v1/chat/completions;x").then().statusCode(200).header("X-RateLimit-Remaining", "0");
        spelled(key, "/v1;jsessionid=1/chat/completions").then().statusCode(429);
    }

    private static Response spelled(String key, String path) {
        return given().urlEncodingEnabled(false).contentType(ContentType.JSON).header("Authorization", "Bearer " + key)
                .body(CHAT).post(path);
    }

    /**
     * A second gateway replica is another Redis client running the same script on the same counters: what it
     * admits counts against the limit this gateway enforces, and the other way round.
     */
    @Test
    void oneLimitAcrossReplicasBecauseTheCountersLiveInRedis() throws IOException {
        Response created = create("shared-4", 4, null);
        String key = created.path("key");
        String counter = RateLimitCounters.PREFIX + "key:" + created.path("id") + ":rpm";

        chat(key).then().statusCode(200).header("X-RateLimit-Remaining", "3");
        assertEquals(1, RawRedis.counter(counter), "the gateway counted in Redis");

        String script = resource("ratelimit/admit.lua");
        for (int i = 0; i < 2; i++) {
            Object admitted = RawRedis.command("EVAL", script, "3", counter, "unused:tpm", "unused:ip",
                    "4", "0", "0", "60000");
            assertEquals(0L, ((List<?>) admitted).get(0), "the other replica admitted its request");
        }
        assertEquals(3, RawRedis.counter(counter));

        chat(key).then().statusCode(200).header("X-RateLimit-Remaining", "0");
        chat(key).then().statusCode(429);
        Object refused = RawRedis.command("EVAL", script, "3", counter, "unused:tpm", "unused:ip",
                "4", "0", "0", "60000");
        assertEquals(1L, ((List<?>) refused).get(0), "the other replica is refused too");
    }

    @Test
    void tokensOfAnswersCountAgainstTheKeysTpm() {
        Response created = create("tpm-12", null, 12);
        String key = created.path("key");
        String counter = RateLimitCounters.PREFIX + "key:" + created.path("id") + ":tpm";

        chat(key).then().statusCode(200)
                .header("X-RateLimit-Limit-Tokens", "12")
                .header("X-RateLimit-Remaining-Tokens", "12")
                .header("X-RateLimit-Limit", nullValue());
        // charged once the answer is known: 12 completion tokens and the prompt's
        awaitCounterAbove(counter, 12);

        chat(key).then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .header("X-RateLimit-Limit-Tokens", "12")
                .header("X-RateLimit-Remaining-Tokens", "0")
                .body("error.message", containsString("tokens per minute"));
    }

    static Response chat(String key) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key).body(CHAT)
                .post("/v1/chat/completions");
    }

    static Response create(String name, Integer rpm, Integer tpm) {
        return admin().body("{\"name\":\"" + name + "\",\"rpm_limit\":" + rpm + ",\"tpm_limit\":" + tpm + "}")
                .post("/admin/api-keys").then()
                .statusCode(201)
                .contentType(ContentType.JSON)
                .extract().response();
    }

    private static RequestSpecification admin() {
        return given().auth().oauth2(token("alice", "admin")).contentType(ContentType.JSON);
    }

    /** An operator's token as the (simulated) issuer signs it, for Citadel's audience, roles in {@code groups}. */
    static String token(String user, String role) {
        return Jwt.preferredUserName(user).groups(Set.of(role)).audience("citadel")
                .issuer("https://server.example.com").sign("privateKey.jwk");
    }

    static void awaitCounterAbove(String counter, long floor) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        while (RawRedis.counter(counter) <= floor) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(counter + " stayed at " + RawRedis.counter(counter));
            }
            Thread.onSpinWait();
        }
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ApiKeysTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
