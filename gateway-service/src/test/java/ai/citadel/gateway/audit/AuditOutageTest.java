package ai.citadel.gateway.audit;

import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import ai.citadel.testing.quarkus.PostgresFaultProxyResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL goes away (the gateway's link to it is cut; the shared server keeps running): clients notice nothing,
 * the audit spools to disk, and once the link is back every record is written exactly once. The in-memory queue is
 * tiny here, so records also overflow it.
 */
@QuarkusTest
@TestProfile(AuditOutageTest.SmallQueue.class)
@QuarkusTestResource(value = PostgresFaultProxyResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
class AuditOutageTest {

    static final int REQUESTS = 5;

    /** Two records in memory for the writer, and a short write timeout so a hung PostgreSQL shows quickly. */
    public static class SmallQueue implements QuarkusTestProfile {

        static final int QUEUE_CAPACITY = 2;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("citadel.audit.queue-capacity", String.valueOf(QUEUE_CAPACITY),
                    "citadel.audit.write-timeout", "1s");
        }
    }

    @InjectFaultProxy("postgres")
    FaultProxy postgres;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "citadel.audit.spool-directory")
    Path spoolDirectory;

    @AfterEach
    void restoreLink() {
        postgres.restore();
    }

    @Test
    void requestsDuringAnOutageSucceedAndAreWrittenOnceWhenItEnds() {
        AuditRows audit = new AuditRows(dataSource);
        String run = "outage-" + UUID.randomUUID() + "-";

        postgres.cut();
        for (int i = 0; i < REQUESTS; i++) {
            given().contentType(ContentType.JSON).header("X-Request-Id", run + i)
                    .body(i % 2 == 0 ? """
                            {"model":"phi3","messages":[{"role":"user","content":"hello"}]}"""
                            : """
                            {"model":"phi3","stream":true,"messages":[{"role":"user","content":"hello"}]}""")
                    .post("/v1/chat/completions").then()
                    .statusCode(200);
        }
        awaitSpooled(REQUESTS);
        assertEquals(List.of(), audit.requests(run), "nothing reached PostgreSQL during the outage");

        postgres.restore();
        List<Map<String, Object>> rows = audit.awaitRequests(run, r -> r.size() >= REQUESTS);
        sleepAfterReplay();
        rows = audit.requests(run);
        assertEquals(REQUESTS, rows.size(), "each request once");
        assertEquals(REQUESTS, rows.stream().map(r -> r.get("request_id")).distinct().count());
        assertTrue(rows.stream().allMatch(r -> r.get("status").equals("completed")));
        assertEquals(REQUESTS * 2, audit.query("select count(*)::int as n from gateway.messages where request_id like ?",
                run + "%").getFirst().get("n"), "the question and the answer of every request");
        given().get("/metrics").then().statusCode(200);
        assertEquals(0.0, MetricsScrape.value("citadel_gateway_audit_spooled_records"));
    }

    @Test
    void theAuditNeverSlowsOrFailsRequestsWhilePostgresHangs() {
        postgres.blackhole();
        for (int i = 0; i < 3; i++) {
            given().contentType(ContentType.JSON)
                    .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .post("/v1/chat/completions").then()
                    .statusCode(200)
                    .body("object", equalTo("chat.completion"));
        }
    }

    /**
     * Requests end on the event loop, where the audit record is queued: with the writer stuck on a hung PostgreSQL
     * and the queue full, they go to the spool through the overflow thread (the spool asserts it is never written
     * on an event loop), and none is lost.
     */
    @Test
    void recordsOverflowingTheQueueAreSpooledOffTheEventLoopAndNoneIsLost() {
        AuditRows audit = new AuditRows(dataSource);
        String run = "overflow-" + UUID.randomUUID() + "-";
        int requests = SmallQueue.QUEUE_CAPACITY * 10;

        postgres.blackhole();
        for (int i = 0; i < requests; i++) {
            given().contentType(ContentType.JSON).header("X-Request-Id", run + i)
                    .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .post("/v1/chat/completions").then()
                    .statusCode(200);
        }
        awaitSpooled(requests);
        assertEquals(List.of(), audit.requests(run), "nothing reached PostgreSQL while it hung");

        postgres.restore();
        audit.awaitRequests(run, rows -> rows.size() >= requests);
        sleepAfterReplay();
        assertEquals(requests, audit.requests(run).size(), "each request once");
        assertEquals(0.0, MetricsScrape.value("citadel_gateway_audit_records_dropped_total"));
    }

    /**
     * PostgreSQL hangs and the spool's disk fails (its file is a directory here): the records stay in memory, and
     * once they fill the queue new calls are refused with a 503 before they start, instead of making records that
     * would be lost. When both are back every answered call has its row.
     */
    @Test
    void whileNeitherPostgresNorTheSpoolTakesRecordsNewCallsAreRefusedAndNoneIsLost() throws IOException {
        AuditRows audit = new AuditRows(dataSource);
        String run = "backpressure-" + UUID.randomUUID() + "-";
        Path active = spoolDirectory.resolve("audit-spool.ndjson");
        assertTrue(!Files.exists(active) || Files.size(active) == 0, "the spool is empty before the test");
        Files.deleteIfExists(active);
        Files.createDirectory(active);
        postgres.blackhole();
        int answered = 0;
        Response refusal = null;
        try {
            for (int i = 0; i < 20 && refusal == null; i++) {
                Response response = given().contentType(ContentType.JSON).header("X-Request-Id", run + i)
                        .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                        .post("/v1/chat/completions");
                if (response.statusCode() == 503) {
                    refusal = response;
                } else {
                    assertEquals(200, response.statusCode(), response.asString());
                    answered++;
                    sleep(200);
                }
            }
        } finally {
            Files.delete(active);
            postgres.restore();
        }
        assertNotNull(refusal, "a call was refused once the audit's queue was full");
        assertEquals("audit_unavailable", refusal.path("error.code"));
        assertEquals("2", refusal.header("Retry-After"));
        assertTrue(answered >= SmallQueue.QUEUE_CAPACITY, answered + " calls answered before the refusal");

        int expected = answered;
        audit.awaitRequests(run, rows -> rows.size() >= expected);
        sleepAfterReplay();
        assertEquals(answered, audit.requests(run).size(), "every answered call once, the refused one not at all");
        assertEquals(0.0, MetricsScrape.value("citadel_gateway_audit_records_dropped_total"));
        assertTrue(MetricsScrape.value("citadel_gateway_audit_refused_calls_total") >= 1);
        given().contentType(ContentType.JSON)
                .body("{\"model\":\"phi3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .post("/v1/chat/completions").then()
                .statusCode(200);
    }

    private static void awaitSpooled(int atLeast) {
        Instant deadline = Instant.now().plusSeconds(20);
        while (MetricsScrape.value("citadel_gateway_audit_spooled_records") < atLeast
                && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        double spooled = MetricsScrape.value("citadel_gateway_audit_spooled_records");
        assertTrue(spooled >= atLeast, "the records went to the spool file; spooled: " + spooled);
    }

    /** Gives a duplicate, if the replay wrote one, time to show up. */
    private static void sleepAfterReplay() {
        sleep(500);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
