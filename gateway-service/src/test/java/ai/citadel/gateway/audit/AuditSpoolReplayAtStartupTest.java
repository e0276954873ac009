package ai.citadel.gateway.audit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A gateway restarted after an outage writes what its spool holds, in order, each record once. */
@QuarkusTest
@QuarkusTestResource(value = SpoolLeftByAnEarlierRun.class, restrictToAnnotatedClass = true)
class AuditSpoolReplayAtStartupTest {

    @Inject
    DataSource dataSource;

    @Test
    void spooledRecordsAreReplayedOnceAtStartup() throws InterruptedException {
        AuditRows audit = new AuditRows(dataSource);
        String run = SpoolLeftByAnEarlierRun.RUN;

        List<Map<String, Object>> rows = audit.awaitRequests(run, r -> r.size() >= SpoolLeftByAnEarlierRun.ENTRIES);
        Thread.sleep(500);
        rows = audit.requests(run);
        assertEquals(SpoolLeftByAnEarlierRun.ENTRIES, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(run + i, rows.get(i).get("request_id"), "replayed in the order spooled");
        }
        assertEquals(SpoolLeftByAnEarlierRun.ENTRIES * 2, audit.query(
                "select count(*)::int as n from gateway.messages where request_id like ?", run + "%")
                .getFirst().get("n"));
    }
}
