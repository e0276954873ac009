package ai.citadel.management.models;

import ai.citadel.management.ManagementProfile;
import ai.citadel.management.Tokens;
import ai.citadel.management.audit.AuditRows;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.InjectSimulator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pulling a model onto the hosts: followed by its operation ({@code 202}) or as a live SSE progress stream; one
 * download per model and host however often it is asked for; on its way whether or not the caller stays; a host cut
 * off fails its part only. The registry and the audit follow.
 */
@QuarkusTest
@TestProfile(ManagementProfile.class)
class PullTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectSimulator("llm-01")
    OllamaSimulator llm01;

    @InjectSimulator("llm-02")
    OllamaSimulator llm02;

    @InjectFaultProxy("llm-02")
    FaultProxy llm02Network;

    @Inject
    DataSource dataSource;

    @AfterEach
    void reconnect() {
        llm02Network.restore();
    }

    @Test
    void aPullIsAcceptedAndFollowedToItsEnd() {
        String model = "pulled-" + UUID.randomUUID() + ":latest";
        String requestId = "pull-" + UUID.randomUUID();
        String id = given().header("Authorization", Tokens.admin()).header("X-Request-Id", requestId)
                .contentType(ContentType.JSON).body(Map.of("name", model, "host", "llm-01"))
                .post("/management/models/pull").then().statusCode(202)
                .header("Location", containsString("/management/operations/"))
                .body("kind", equalTo("pull")).body("model", equalTo(model))
                .body("started_by", equalTo("admin-alice"))
                .extract().path("operation_id");
        JsonPath done = awaitFinished(id);
        assertEquals("succeeded", done.getString("state"));
        assertEquals("llm-01", done.getString("hosts[0].host"));
        assertEquals(100.0, done.getDouble("hosts[0].percent"));
        assertEquals("success", done.getString("hosts[0].status"));
        assertTrue(llm01.installedModels().contains(model));
        given().header("Authorization", Tokens.operator()).get("/management/models/list?host=llm-01")
                .then().body("hosts[0].models.name", hasItem(model));

        Map<String, Object> registry = new Registry(dataSource).awaitStatus("llm-01", model, "available");
        assertEquals(4_109_865_159L, ((Number) registry.get("size_bytes")).longValue(),
                "a model the simulator does not know is a generic 7B chat model");
        assertTrue(registry.get("last_seen_at") != null);
        Map<String, Object> audit = new AuditRows(dataSource).awaitOne(requestId);
        assertEquals("models.pull", audit.get("action"));
        assertEquals(model, audit.get("target"));
        assertEquals("llm-01", audit.get("host"));
        assertEquals(202, audit.get("status"));
    }

    @Test
    void progressIsStreamedAsServerSentEvents() throws IOException {
        llm01.controls().delayBetweenTokens(Duration.ofMillis(20));
        String model = "streamed-" + UUID.randomUUID() + ":latest";
        String body = given().header("Authorization", Tokens.admin()).accept("text/event-stream")
                .contentType(ContentType.JSON).body(Map.of("name", model, "host", "llm-01"))
                .post("/management/models/pull").then().statusCode(200)
                .contentType(startsWith("text/event-stream")).extract().asString();
        List<JsonNode> progress = events(body, "progress");
        List<JsonNode> done = events(body, "done");
        assertTrue(progress.size() > 5, "several progress events: " + body);
        long downloaded = -1;
        double percent = -1;
        for (JsonNode event : progress) {
            assertEquals("llm-01", event.path("host").asText());
            assertTrue(event.path("completed").asLong() >= downloaded, "bytes never go back: " + body);
            downloaded = event.path("completed").asLong();
            percent = event.path("percent").asDouble(-1);
        }
        assertTrue(progress.stream().anyMatch(event -> event.path("status").asText().startsWith("pulling ")
                && event.path("completed").asLong() > 0 && event.path("total").asLong() > 0), body);
        assertEquals(100.0, percent);
        assertEquals(1, done.size());
        assertEquals("succeeded", done.getFirst().path("state").asText());
    }

    @Test
    void theSamePullAskedForTwiceIsOneOperationAndOneDownload() {
        llm01.controls().delayBetweenTokens(Duration.ofMillis(100));
        String model = "twice-" + UUID.randomUUID() + ":latest";
        int pullsBefore = llm01.controls().requestCount("/api/pull");
        String first = startPull(model, "llm-01");
        String second = startPull(model.replace(":latest", ""), "llm-01");
        assertEquals(first, second, "phi3 and phi3:latest are one model");
        assertEquals("succeeded", awaitFinished(first).getString("state"));
        assertEquals(1, llm01.controls().requestCount("/api/pull") - pullsBefore);
    }

    @Test
    void aPullGoesOnWhenItsCallerLeaves() throws IOException {
        llm01.controls().delayBetweenTokens(Duration.ofMillis(50));
        String model = "left-" + UUID.randomUUID() + ":latest";
        String location;
        String request = "{\"name\":\"" + model + "\",\"host\":\"llm-01\"}";
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /management/models/pull HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + Tokens.admin() + "\r\nAccept: text/event-stream\r\n"
                    + "Content-Type: application/json\r\nContent-Length: "
                    + request.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + request)
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            location = null;
            while ((line = in.readLine()) != null && !line.startsWith("event: progress")) {
                if (line.regionMatches(true, 0, "Location:", 0, 9)) {
                    location = line.substring(9).trim();
                }
            }
        }
        assertTrue(location != null && location.contains("/management/operations/"), "Location: " + location);
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertEquals("succeeded", awaitFinished(id).getString("state"));
        assertTrue(llm01.installedModels().contains(model));
    }

    @Test
    void aHostCutOffFailsItsPartOnly() {
        llm02Network.cut();
        String model = "half-" + UUID.randomUUID() + ":latest";
        String id = startPull(model, null);
        JsonPath done = awaitFinished(id);
        assertEquals("partial", done.getString("state"));
        assertEquals("succeeded", done.getString("hosts.find { it.host == 'llm-01' }.state"));
        assertEquals("failed", done.getString("hosts.find { it.host == 'llm-02' }.state"));
        assertTrue(done.getString("hosts.find { it.host == 'llm-02' }.error") != null);
        new Registry(dataSource).awaitStatus("llm-02", model, "error");
        llm02Network.restore();
        Hosts.awaitBothUp();
    }

    @Test
    void anOperatorMayNotPull() {
        String requestId = "pull-op-" + UUID.randomUUID();
        given().header("Authorization", Tokens.operator()).header("X-Request-Id", requestId)
                .contentType(ContentType.JSON).body(Map.of("name", "phi3"))
                .post("/management/models/pull").then().statusCode(403).body("error.code", equalTo("forbidden"));
        Map<String, Object> row = new AuditRows(dataSource).awaitOne(requestId);
        assertEquals("models.pull", row.get("action"));
        assertEquals("denied", row.get("outcome"));
    }

    @Test
    void aPullWithoutANameOrWithOneNoModelHasIsA400() {
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON).body(Map.of("host", "llm-01"))
                .post("/management/models/pull").then().statusCode(400).body("error", notNullValue());
        given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "phi3\nINFO forged log line"))
                .post("/management/models/pull").then().statusCode(400).body("error", notNullValue());
    }

    @Test
    void anUnknownOperationIsA404() {
        given().header("Authorization", Tokens.operator()).get("/management/operations/" + UUID.randomUUID())
                .then().statusCode(404).body("error.code", equalTo("operation_not_found"));
    }

    private static String startPull(String model, String host) {
        Map<String, String> body = host == null ? Map.of("name", model) : Map.of("name", model, "host", host);
        return given().header("Authorization", Tokens.admin()).contentType(ContentType.JSON).body(body)
                .post("/management/models/pull").then().statusCode(202).extract().path("operation_id");
    }

    static JsonPath awaitFinished(String id) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(
                () -> given().header("Authorization", Tokens.operator()).get("/management/operations/" + id)
                        .then().statusCode(200).extract().jsonPath(),
                operation -> !"running".equals(operation.getString("state")));
    }

    /** The data of each event of that name in an SSE body. */
    private static List<JsonNode> events(String body, String name) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            if (event.contains("event: " + name + "\n")) {
                String data = event.substring(event.indexOf("data: ") + 6).trim();
                found.add(JSON.readTree(data));
            }
        }
        return found;
    }
}
