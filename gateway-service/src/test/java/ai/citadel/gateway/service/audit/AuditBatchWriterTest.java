package ai.citadel.gateway.service.audit;

import ai.citadel.commons.audit.AuditBatchWriter;
import ai.citadel.gateway.repository.AuditEntry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch PostgreSQL refuses for one record's data is split until that record is alone: every other record is
 * written, the bad one lands in the dead-letter file with its reason. Only an outage hands records back for the
 * spool. PostgreSQL is played by a fake that refuses what a check constraint would.
 */
class AuditBatchWriterTest {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @TempDir
    Path directory;

    FakePostgres postgres;
    Counter deadLetterCount;
    AuditBatchWriter<AuditEntry> writer;

    @BeforeEach
    void setUp() {
        postgres = new FakePostgres();
        deadLetterCount = new SimpleMeterRegistry().counter("citadel_gateway_audit_dead_letters_total");
        writer = new AuditBatchWriter<>(postgres, new AuditDeadLetters(directory, JSON, deadLetterCount)::add);
    }

    @Test
    void badRecordsGoToTheDeadLettersAndEveryOtherRecordIsWritten() throws IOException {
        List<AuditEntry> batch = FakePostgres.entries(100);
        batch.set(3, FakePostgres.refused(batch.get(3)));
        batch.set(71, FakePostgres.refused(batch.get(71)));

        assertEquals(List.of(), writer.write(batch), "nothing is left for the spool");

        assertEquals(FakePostgres.ids(batch.stream().filter(e -> !e.request().status().equals("bogus")).toList()),
                postgres.writtenIds(), "in order");
        List<JsonNode> letters = deadLetters();
        assertEquals(List.of("r-3", "r-71"), letters.stream().map(l -> l.at("/entry/request/requestId").asText())
                .toList());
        for (JsonNode letter : letters) {
            assertTrue(letter.get("reason").asText().startsWith("SQLSTATE 23514: "), letter.toString());
            assertTrue(letter.get("reason").asText().contains("requests_status_check"), letter.toString());
        }
        assertEquals(2.0, deadLetterCount.count());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve("audit-dead-letters.ndjson"))), "owner-only");
    }

    @Test
    void anOutageHandsBackEveryRecordNotYetWrittenInOrder() {
        List<AuditEntry> batch = FakePostgres.entries(16);
        batch.set(1, FakePostgres.refused(batch.get(1)));
        postgres.unreachableAfterWrites = 2;

        List<AuditEntry> unwritten = writer.write(batch);

        assertEquals(List.of("r-0", "r-2", "r-3"), postgres.writtenIds());
        assertEquals(1.0, deadLetterCount.count(), "r-1");
        assertEquals(FakePostgres.ids(batch.subList(4, 16)), FakePostgres.ids(unwritten), "the rest, for the spool");
    }

    @Test
    void failuresThatAreNotAboutTheDataLeaveTheBatchWhole() {
        List<AuditEntry> batch = FakePostgres.entries(5);
        postgres.failure = new PgException("terminating connection due to administrator command", "FATAL", "57P01",
                null);
        assertEquals(batch, writer.write(batch));
        postgres.failure = new PgException("relation \"gateway.requests\" does not exist", "ERROR", "42P01", null);
        assertEquals(batch, writer.write(batch));
        assertEquals(0.0, deadLetterCount.count());
        assertFalse(Files.exists(directory.resolve("audit-dead-letters.ndjson")));
    }

    private List<JsonNode> deadLetters() throws IOException {
        List<JsonNode> letters = new ArrayList<>();
        for (String line : Files.readAllLines(directory.resolve("audit-dead-letters.ndjson"))) {
            letters.add(JSON.readTree(line));
        }
        return letters;
    }
}
