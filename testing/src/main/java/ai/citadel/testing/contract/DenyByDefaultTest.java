package ai.citadel.testing.contract;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Deny by default (docs/architecture.md#security-model): every operation the running service publishes in its
 * OpenAPI document, and every way of spelling its path a client can send ({@code ;x}, {@code //}, {@code /./},
 * {@code %2F}, {@code %3B}, another case, a trailing slash), refuses a caller without a credential with the JSON 401
 * — or, for a spelling that names no route, a JSON 4xx — and never reaches the resource. A service's test extends
 * this with {@code @QuarkusTest} in the profile it runs in production (the gateway with API keys required).
 * Requests are written by hand so that no client normalises the path first. WebSocket endpoints, which OpenAPI does
 * not list, are named by {@link #webSocketPaths()}, and their upgrade requests are refused alike.
 */
public abstract class DenyByDefaultTest {

    /** The allow-list every service shares; nothing else may answer without a credential. */
    private static final Set<String> PUBLIC = Set.of("/health", "/health/live", "/health/ready", "/health/started",
            "/metrics", "/q/openapi");
    /** The value of every path parameter. */
    private static final String PLACEHOLDER = "00000000-0000-0000-0000-000000000001";

    @Test
    void everyPublishedOperationRefusesACallerWithoutCredential() throws IOException {
        List<Operation> operations = publishedOperations();
        assertFalse(operations.isEmpty(), "the service publishes its operations");
        List<String> wrong = new ArrayList<>();
        for (Operation operation : operations) {
            Answer answer = Answer.of(RawHttp.exchange(operation.request(operation.path())));
            if (answer.status() != 401 || !answer.isJson()) {
                wrong.add(operation + " -> " + answer.status());
            }
        }
        assertTrue(wrong.isEmpty(), "answered without a credential: " + wrong);
    }

    @Test
    void noSpellingOfAPathGetsPastTheCheck() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Operation operation : publishedOperations()) {
            for (String variant : variants(operation.path())) {
                Answer answer = Answer.of(RawHttp.exchange(operation.request(variant)));
                boolean refused = answer.status() == 401
                        || answer.status() >= 400 && answer.status() < 500 && answer.status() != 403;
                if (!refused || !answer.isJson()) {
                    wrong.add(operation.method() + " " + variant + " -> " + answer.status()
                            + (answer.isJson() ? "" : " (not JSON)"));
                }
            }
        }
        assertTrue(wrong.isEmpty(), "path variants not refused: " + wrong);
    }

    /**
     * A refused WebSocket upgrade is an ordinary HTTP answer, 401 in JSON as any other; a variant spelling of the path
     * may instead name no route (a JSON 4xx), but none may switch protocols (101).
     */
    @Test
    void everyWebSocketRefusesAnUpgradeWithoutCredential() throws IOException {
        List<String> paths = webSocketPaths().stream()
                .map(path -> path.replaceAll("\\{[^}]+}", PLACEHOLDER)).toList();
        assumeFalse(paths.isEmpty(), "the service has no WebSocket endpoint");
        List<String> wrong = new ArrayList<>();
        for (String path : paths) {
            Answer answer = Answer.of(RawHttp.exchange(upgrade(path)));
            if (answer.status() != 401 || !answer.isJson()) {
                wrong.add("upgrade " + path + " -> " + answer.status() + (answer.isJson() ? "" : " (not JSON)"));
            }
            for (String variant : variants(path)) {
                Answer refused = Answer.of(RawHttp.exchange(upgrade(variant)));
                if (refused.status() < 400 || refused.status() >= 500 || refused.status() == 403
                        || !refused.isJson()) {
                    wrong.add("upgrade " + variant + " -> " + refused.status()
                            + (refused.isJson() ? "" : " (not JSON)"));
                }
            }
        }
        assertTrue(wrong.isEmpty(), "WebSocket upgrades not refused: " + wrong);
    }

    /**
     * The service's WebSocket paths ({@code /ws/items/{id}}), which its OpenAPI document does not publish; none by
     * default.
     */
    protected List<String> webSocketPaths() {
        return List.of();
    }

    @Test
    void theAllowListStaysOpen() {
        given().get("/health/ready").then().statusCode(200);
        given().get("/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    /** The operations of the running application, from its OpenAPI document, minus the public allow-list. */
    private static List<Operation> publishedOperations() throws IOException {
        return PublishedApi.fetch().operations().stream()
                .filter(operation -> !PUBLIC.contains(operation.path()))
                .map(operation -> new Operation(operation.method(), operation.path(PLACEHOLDER)))
                .toList();
    }

    /** A WebSocket opening handshake (RFC 6455) without a credential. */
    private static String upgrade(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    }

    /** The spellings Vert.x, RESTEasy and proxies disagree about. */
    static List<String> variants(String path) {
        int second = path.indexOf('/', 1);
        String head = second < 0 ? path : path.substring(0, second);
        String tail = second < 0 ? "" : path.substring(second);
        return List.of(
                head + ";x" + tail,
                head + ";jsessionid=1" + tail,
                path + ";x",
                "/" + path,
                head + "/" + tail,
                "/." + path,
                head + "/." + tail,
                "/health/.." + path,
                "/health/%2E%2E" + path,
                head + "%2F" + tail.replaceFirst("^/", ""),
                head + "%3Bx" + tail,
                path.toUpperCase(Locale.ROOT),
                path + "/",
                path + "?x=1");
    }

    record Operation(String method, String path) {

        String request(String target) {
            String body = method.equals("POST") || method.equals("PUT") || method.equals("PATCH") ? "{}" : "";
            return method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record Answer(int status, String head) {

        static Answer of(String raw) {
            int space = raw.indexOf(' ');
            int status = space < 0 || raw.length() < space + 4 ? -1
                    : Integer.parseInt(raw.substring(space + 1, space + 4));
            int end = raw.indexOf("\r\n\r\n");
            return new Answer(status, end < 0 ? raw : raw.substring(0, end).toLowerCase(Locale.ROOT));
        }

        boolean isJson() {
            return head.contains("content-type: application/json");
        }
    }
}
