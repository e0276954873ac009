package ai.citadel.orchestration.audit;

import ai.citadel.testing.contract.MetricsScrape;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.quarkus.InjectFaultProxy;
import ai.citadel.testing.quarkus.PostgresFaultProxyResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL goes away (the service's link to it is cut; the server keeps running): calls go on while their records
 * find a place in memory; once the queue is full, new calls are refused with 503 {@code audit_unavailable} and
 * {@code Retry-After} rather than served without their record; when the link is back, every call that was served is
 * written, once, and calls are admitted again.
 */
@QuarkusTest
@TestProfile(ApiAuditOutageTest.SmallQueue.class)
@QuarkusTestResource(value = PostgresFaultProxyResource.class, restrictToAnnotatedClass = true)
class ApiAuditOutageTest {

    /** Three places, and quick retries so the test does not wait long once the link is back. */
    public static class SmallQueue implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("citadel.audit.queue-capacity", "3",
                    "citadel.audit.write-timeout", "1s",
                    "citadel.audit.retry-interval", "500ms");
        }
    }

    @InjectFaultProxy("postgres")
    FaultProxy postgres;

    @Inject
    DataSource dataSource;

    @AfterEach
    void restoreLink() {
        postgres.restore();
    }

    @Test
    void whenTheQueueIsFullCallsAreRefusedAndEveryCallServedIsWrittenOnceTheLinkIsBack() {
        AuditLogRows rows = new AuditLogRows(dataSource);
        String run = "outage-" + UUID.randomUUID() + "-";
        postgres.cut();

        int served = 0;
        Response refusal = null;
        for (int i = 0; i < 20 && refusal == null; i++) {
            Response response = given().header("X-Request-Id", run + i).get("/_contract/probe");
            if (response.statusCode() == 200) {
                served++;
            } else {
                refusal = response;
            }
        }
        assertTrue(refusal != null, "the queue filled up");
        refusal.then().statusCode(503)
                .header("Retry-After", "1")
                .body("error.code", equalTo("audit_unavailable"));
        assertTrue(served >= 3, "calls are served while their records find a place: " + served);
        assertEquals(List.of(), rows.of(run), "nothing reached PostgreSQL during the outage");
        assertTrue(MetricsScrape.value("citadel_audit_refused_calls_total{log=\"api\"}") >= 1);
        given().get("/health/live").then().statusCode(200);

        postgres.restore();
        List<Map<String, Object>> written = rows.await(run, served);
        assertEquals(served, written.size());
        assertEquals(served, written.stream().map(row -> row.get("request_id")).distinct().count(), "each once");
        assertTrue(written.stream().allMatch(row -> row.get("status").equals(200)), "the refused call has no row");

        String after = run + "after";
        given().header("X-Request-Id", after).get("/_contract/probe").then().statusCode(200);
        rows.awaitOne(after);
    }
}
