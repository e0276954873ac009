package ai.citadel.gateway.audit;

import ai.citadel.testing.contract.MetricsScrape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway restarted after an outage writes what its spool holds, in order, each record once; a record PostgreSQL
 * refuses for its data, or a line it cannot read, goes to the dead-letter file with the reason and holds up nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = SpoolLeftByAnEarlierRun.class, restrictToAnnotatedClass = true)
class AuditSpoolReplayAtStartupTest {

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "citadel.audit.spool-directory")
    Path spoolDirectory;

    @Test
    void spooledRecordsAreReplayedOnceAtStartupAndBadOnesDeadLettered() throws Exception {
        AuditRows audit = new AuditRows(dataSource);
        String run = SpoolLeftByAnEarlierRun.RUN;
        List<String> written = SpoolLeftByAnEarlierRun.WRITTEN;

        List<Map<String, Object>> rows = audit.awaitRequests(run, r -> r.size() >= written.size());
        Thread.sleep(500);
        rows = audit.requests(run);
        assertEquals(written, rows.stream().map(r -> r.get("request_id")).toList(), "replayed in the order spooled");
        assertEquals(written.size() * 2, audit.query(
                "select count(*)::int as n from gateway.messages where request_id like ?", run + "%")
                .getFirst().get("n"));
        assertEquals(SpoolLeftByAnEarlierRun.NUL_CONTENT.replace('\0', '\uFFFD'), audit.query(
                "select content from gateway.messages where request_id = ? and role = 'user'", run + "nul")
                .getFirst().get("content"), "NUL stored as U+FFFD");

        Path deadLetters = spoolDirectory.resolve("audit-dead-letters.ndjson");
        List<JsonNode> letters = new ArrayList<>();
        for (String line : Files.readAllLines(deadLetters)) {
            letters.add(new ObjectMapper().readTree(line));
        }
        assertEquals(3, letters.size(), letters.toString());
        assertTrue(reason(letters, run + "bad-status").startsWith("SQLSTATE 23514: "), "check constraint");
        assertTrue(reason(letters, run + "bad-ip").startsWith("SQLSTATE 22P02: "), "invalid inet");
        assertTrue(letters.stream().anyMatch(l -> l.has("line")
                && l.get("reason").asText().startsWith("unreadable spool line")), "the line cut short");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(deadLetters)));

        assertEquals(3.0, MetricsScrape.value("citadel_gateway_audit_dead_letters_total"));
        assertEquals(0.0, MetricsScrape.value("citadel_gateway_audit_spooled_records"));
        assertEquals(0.0, MetricsScrape.value("citadel_gateway_audit_spooled_oldest_age_seconds"));
        try (Stream<Path> files = Files.list(spoolDirectory)) {
            assertEquals(List.of(), files.filter(f -> f.getFileName().toString().startsWith("audit-spool")).toList(),
                    "the spool is empty");
        }
    }

    private static String reason(List<JsonNode> letters, String requestId) {
        return letters.stream().filter(l -> l.at("/entry/request/requestId").asText().equals(requestId))
                .map(l -> l.get("reason").asText()).findFirst().orElseThrow(() -> new AssertionError(
                        requestId + " not among the dead letters: " + letters));
    }
}
