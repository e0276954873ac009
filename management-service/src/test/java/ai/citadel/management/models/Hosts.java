package ai.citadel.management.models;

import ai.citadel.management.Tokens;
import ai.citadel.testing.ollama.OllamaSimulator;
import io.restassured.http.ContentType;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** What the model tests do to the simulated hosts themselves, behind the management service's back. */
final class Hosts {

    private Hosts() {
    }

    /** Installs a model on a host as {@code ollama pull} on that machine would. */
    static void pullDirectly(OllamaSimulator host, String model) {
        given().baseUri(host.baseUrl()).contentType(ContentType.JSON).body(Map.of("model", model, "stream", false))
                .post("/api/pull").then().statusCode(200);
    }

    /** Removes a model from a host as {@code ollama rm} on that machine would. */
    static void deleteDirectly(OllamaSimulator host, String model) {
        given().baseUri(host.baseUrl()).contentType(ContentType.JSON).body(Map.of("model", model))
                .delete("/api/delete").then().statusCode(200);
    }

    /** Loads a model into memory by asking it something, as a gateway request would. */
    static void load(OllamaSimulator host, String model) {
        given().baseUri(host.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("model", model, "stream", false,
                        "messages", List.of(Map.of("role", "user", "content", "hello"))))
                .post("/api/chat").then().statusCode(200);
    }

    /** Waits until the service sees llm-02 again after a test cut it off (its circuit lets calls through). */
    static void awaitBothUp() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().header("Authorization", Tokens.admin()).get("/management/models/list")
                        .then().extract().jsonPath().<String>getList("hosts.status").stream()
                        .allMatch("ok"::equals));
    }
}
