package ai.citadel.gateway.audit;

import ai.citadel.gateway.rest.SseEvents;
import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every call leaves its audit rows, and the messages recorded are what the client received. */
@QuarkusTest
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class ConversationAuditTest {

    static final String ANSWER = "why is the sky blue why is the sky blue why is";
    static final String CHAT = """
            {"model":"phi3","messages":[{"role":"system","content":"be brief"},
             {"role":"user","content":"why is the sky blue"}]}""";
    static final String STREAMED_CHAT = """
            {"model":"phi3","stream":true,"stream_options":{"include_usage":true},
             "messages":[{"role":"user","content":"why is the sky blue"}]}""";

    @InjectSimulator
    OllamaSimulator ollama;

    @Inject
    DataSource dataSource;

    AuditRows audit;
    String run;

    @BeforeEach
    void freshRun() {
        audit = new AuditRows(dataSource);
        run = "audit-" + UUID.randomUUID() + "-";
    }

    @Test
    void eachCallWritesExactlyOneRequestRowWithItsOutcome() throws Exception {
        chat(run + "plain-1", CHAT, null).then().statusCode(200);
        chat(run + "plain-2", CHAT, null).then().statusCode(200);
        String streamed1 = chat(run + "stream-1", STREAMED_CHAT, null).asString();
        String streamed2 = chat(run + "stream-2", STREAMED_CHAT, null).asString();
        ollama.controls().errorAfterTokens(3, "model runner crashed");
        String broken = chat(run + "broken", STREAMED_CHAT, null).asString();
        ollama.controls().clearStreamFault().delayBetweenTokens(Duration.ofMillis(200));
        leaveAfterFirstBytes(run + "left");

        List<Map<String, Object>> rows = audit.awaitRequests(run, r -> r.size() == 6
                && r.stream().anyMatch(row -> row.get("request_id").equals(run + "left")));
        Map<String, Map<String, Object>> byId = new HashMap<>();
        rows.forEach(row -> byId.put((String) row.get("request_id"), row));

        for (String id : List.of("plain-1", "plain-2", "stream-1", "stream-2")) {
            Map<String, Object> row = byId.get(run + id);
            assertEquals("completed", row.get("status"), id);
            assertEquals(200, row.get("http_status"));
            assertEquals("phi3:latest", row.get("model"));
            assertEquals("llm-02", row.get("backend"));
            assertEquals(12, row.get("completion_tokens"));
            assertTrue((Integer) row.get("prompt_tokens") > 0);
            assertTrue((Integer) row.get("latency_ms") >= 0);
            assertEquals(false, row.get("cached"));
            assertNotNull(row.get("conversation_id"));
            assertNotNull(row.get("client_ip"));
        }
        assertNull(byId.get(run + "plain-1").get("ttft_ms"));
        assertNotNull(byId.get(run + "stream-1").get("ttft_ms"));
        assertEquals("standard", byId.get(run + "stream-1").get("profile"));
        assertEquals("error", byId.get(run + "broken").get("status"));
        assertEquals("cancelled", byId.get(run + "left").get("status"));

        assertEquals(ANSWER, assistantText(byId.get(run + "plain-1")));
        assertEquals(SseEvents.parse(streamed1).text(), assistantText(byId.get(run + "stream-1")));
        assertEquals(SseEvents.parse(streamed2).text(), assistantText(byId.get(run + "stream-2")));
        String brokenText = SseEvents.parse(broken).text();
        assertEquals("why is the", brokenText, "the client got the three tokens before the failure");
        assertEquals(brokenText, assistantText(byId.get(run + "broken")), "the partial answer is recorded");
        String leftText = assistantText(byId.get(run + "left"));
        assertTrue(leftText == null || ANSWER.startsWith(leftText), "what reached the client before it left");
    }

    @Test
    void aClientCannotChooseTheAddressItIsAuditedUnder() {
        // CITADEL_TRUSTED_PROXIES is unset: X-Forwarded-For is believed from no peer (service-commons, proxy settings)
        given().contentType(ContentType.JSON).header("X-Request-Id", run + "spoofed")
                .header("X-Forwarded-For", "198.51.100.7").body(CHAT)
                .post("/v1/chat/completions").then().statusCode(200);
        audit.awaitRequests(run, rows -> rows.size() == 1);
        Object ip = audit.query("select host(client_ip) as ip from gateway.requests where request_id = ?",
                run + "spoofed").getFirst().get("ip");
        assertTrue(List.of("127.0.0.1", "::1").contains(ip), "audited under the connection's address, got " + ip);
    }

    @Test
    void aConversationContinuesWithItsHeaderAndRecordsEachMessageOnce() {
        Response first = chat(run + "turn-1", CHAT, null);
        String conversation = first.header("X-Conversation-Id");
        assertNotNull(conversation);
        String answer = first.jsonPath().getString("choices[0].message.content");

        String secondTurn = """
                {"model":"phi3","messages":[{"role":"system","content":"be brief"},
                 {"role":"user","content":"why is the sky blue"},
                 {"role":"assistant","content":"%s"},
                 {"role":"user","content":"and the sea"}]}""".formatted(answer);
        chat(run + "turn-2", secondTurn, conversation).then()
                .statusCode(200)
                .header("X-Conversation-Id", conversation);

        audit.awaitRequests(run, rows -> rows.size() == 2);
        List<Map<String, Object>> messages = awaitMessages(conversation);
        assertEquals(List.of("system", "user", "assistant", "user", "assistant"),
                messages.stream().map(m -> m.get("role")).toList().subList(0, 5));
        assertEquals(List.of(0, 1, 2, 3, 4), messages.stream().map(m -> m.get("seq")).toList().subList(0, 5));
        assertEquals("and the sea", messages.get(3).get("content"));
        assertEquals("and the sea and the sea and the sea and the sea", messages.get(4).get("content"));
        assertEquals(5, messages.size(), "the resent history is not recorded twice");
        Map<String, Object> row = audit.query("select message_count from gateway.conversations where id = ?::uuid",
                conversation).getFirst();
        assertEquals(5, row.get("message_count"));
    }

    @Test
    void requestsTheGatewayRejectsAreAuditedToo() {
        chat(run + "unknown-model", "{\"model\":\"gpt-7\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null).then().statusCode(404);
        Map<String, Object> row = audit.awaitRequests(run, rows -> rows.size() == 1).getFirst();
        assertEquals("error", row.get("status"));
        assertEquals(404, row.get("http_status"));
        assertEquals("gpt-7", row.get("model"));
        assertTrue(((String) row.get("error")).contains("gpt-7"));

        // a model name no btree index entry can hold (PostgreSQL refuses it with SQLSTATE 54000) is cut, not spooled
        String huge = "m".repeat(5000);
        chat(run + "huge-model", "{\"model\":\"" + huge + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                null).then().statusCode(404);
        Map<String, Object> cut = audit.awaitRequests(run + "huge-model", rows -> rows.size() == 1).getFirst();
        assertEquals("m".repeat(256), cut.get("model"));
        assertEquals(0.0, MetricsScrape.value("citadel_gateway_audit_spooled_records"), "nothing spooled");
    }

    @Test
    void nulCharactersAreStoredReadableAndHoldUpNoOtherRecord() {
        for (int i = 0; i < 100; i++) {
            chat(run + "before-" + i, CHAT, null).then().statusCode(200);
        }
        chat(run + "nul", """
                {"model":"phi3","messages":[{"role":"user","content":"look\\u0000up the weather"},
                 {"role":"assistant","content":null,"tool_calls":[{"id":"call\\u0000_1","type":"function",
                  "function":{"name":"weather","arguments":"{\\"city\\":\\"Paris\\"}"}}]},
                 {"role":"tool","tool_call_id":"call\\u0000_1","content":"sunny\\u0000"}]}""", null).then()
                .statusCode(200);
        for (int i = 0; i < 100; i++) {
            chat(run + "after-" + i, CHAT, null).then().statusCode(200);
        }

        assertEquals(201, audit.awaitRequests(run, rows -> rows.size() == 201).size());
        Map<String, Object> nul = audit.requests(run + "nul").getFirst();
        assertEquals("completed", nul.get("status"));
        List<Map<String, Object>> messages = audit.messages(nul.get("conversation_id"));
        assertEquals("look\uFFFDup the weather", messages.get(0).get("content"), "NUL stored as U+FFFD");
        assertTrue(messages.get(1).get("tool_calls").toString().contains("call\uFFFD_1"),
                "and so in jsonb: " + messages.get(1).get("tool_calls"));
        assertEquals("call\uFFFD_1", messages.get(2).get("tool_call_id"));
        assertEquals("sunny\uFFFD", messages.get(2).get("content"));
        assertEquals("assistant", messages.get(3).get("role"));
        assertEquals(0.0, MetricsScrape.value("citadel_gateway_audit_spooled_records"), "nothing spooled");
        assertEquals(0.0, MetricsScrape.value("citadel_gateway_audit_dead_letters_total"));
    }

    @Test
    void aConversationIdThatIsNotOursIs400() {
        chat(run + "bad", CHAT, "not-a-uuid").then()
                .statusCode(400)
                .body("error.param", equalTo("X-Conversation-Id"));
    }

    private List<Map<String, Object>> awaitMessages(String conversation) {
        for (int i = 0; i < 100; i++) {
            List<Map<String, Object>> messages = audit.messages(UUID.fromString(conversation));
            if (messages.size() >= 5) {
                return messages;
            }
            sleep(100);
        }
        throw new AssertionError("messages of " + conversation + " never recorded");
    }

    private String assistantText(Map<String, Object> request) {
        return audit.query("select content from gateway.messages where request_id = ? and role = 'assistant'",
                request.get("request_id")).stream().map(m -> (String) m.get("content")).findFirst().orElse(null);
    }

    private static Response chat(String requestId, String body, String conversation) {
        var request = given().contentType(ContentType.JSON).header("X-Request-Id", requestId).body(body);
        if (conversation != null) {
            request.header("X-Conversation-Id", conversation);
        }
        return request.post("/v1/chat/completions");
    }

    private static void leaveAfterFirstBytes(String requestId) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(
                        URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .header("X-Request-Id", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(STREAMED_CHAT)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream stream = response.body()) {
            stream.read(new byte[64]);
        }
        client.shutdownNow();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
