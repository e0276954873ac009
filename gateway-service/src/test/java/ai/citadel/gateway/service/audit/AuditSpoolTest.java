package ai.citadel.gateway.service.audit;

import ai.citadel.commons.audit.AuditBatchWriter;
import ai.citadel.gateway.repository.AuditEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spool keeps audit records across an outage and a restart and gives them back in the order spooled. It replays
 * through the batch writer: what it wrote or dead-lettered leaves the spool even when an outage stops the replay
 * halfway, so the next replay neither writes nor dead-letters anything twice; a line a crash cut short costs that
 * line only. Its files are the owner's only, and it reports how many records wait and for how long.
 */
class AuditSpoolTest {

    @TempDir
    Path temp;

    Path directory;
    FakePostgres postgres;
    Counter deadLetterCount;
    AuditSpool spool;
    AuditBatchWriter<AuditEntry> writer;

    @BeforeEach
    void setUp() {
        directory = temp.resolve("spool");
        postgres = new FakePostgres();
        deadLetterCount = new SimpleMeterRegistry().counter("citadel_gateway_audit_dead_letters_total");
        AuditDeadLetters deadLetters = new AuditDeadLetters(directory, AuditBatchWriterTest.JSON, deadLetterCount);
        spool = new AuditSpool(directory, AuditBatchWriterTest.JSON, deadLetters);
        writer = new AuditBatchWriter<>(postgres, deadLetters::add);
    }

    @Test
    void aReplayStoppedByAnOutageKeepsOnlyWhatDidNotLeaveTheSpool() throws Exception {
        List<AuditEntry> entries = FakePostgres.entries(10);
        entries.set(2, FakePostgres.refused(entries.get(2)));
        spool.append(entries);
        assertEquals(10, spool.pendingEntries());
        postgres.unreachableAfterWrites = 2;

        assertFalse(spool.replay(4, writer::write), "the outage stops the replay");

        assertEquals(List.of("r-0", "r-1", "r-3"), postgres.writtenIds());
        assertEquals(1.0, deadLetterCount.count(), "r-2");
        assertEquals(6, spool.pendingEntries());
        assertEquals(FakePostgres.ids(entries.subList(4, 10)), FakePostgres.ids(spooledEntries()));

        postgres.unreachableAfterWrites = Integer.MAX_VALUE;
        assertTrue(spool.replay(4, writer::write));

        assertEquals(List.of("r-0", "r-1", "r-3", "r-4", "r-5", "r-6", "r-7", "r-8", "r-9"), postgres.writtenIds(),
                "each once, in order");
        assertEquals(1.0, deadLetterCount.count(), "r-2 only once");
        assertEquals(0, spool.pendingEntries());
        assertEquals(List.of(), spoolFiles());
    }

    @Test
    void whatIsSpooledSurvivesARestartAndIsReplayedInTheOrderSpooled() throws Exception {
        List<AuditEntry> entries = FakePostgres.entries(6);
        spool.append(entries.subList(0, 2));
        spool.append(entries.subList(2, 3));

        AuditSpool restarted = reopened();
        assertEquals(3, restarted.pendingEntries(), "nothing is lost with the process");
        restarted.append(entries.subList(3, 6));
        assertTrue(restarted.replay(2, writer::write));

        assertEquals(FakePostgres.ids(entries), postgres.writtenIds());
        assertEquals(0, restarted.pendingEntries());
        assertEquals(List.of(), spoolFiles());
    }

    @Test
    void recordsSpooledWhileAReplayWaitsForPostgresQueueBehindTheOlderOnes() throws Exception {
        List<AuditEntry> entries = FakePostgres.entries(8);
        spool.append(entries.subList(0, 4));
        postgres.unreachableAfterWrites = 1;
        assertFalse(spool.replay(2, writer::write));
        spool.append(entries.subList(4, 8));

        postgres.unreachableAfterWrites = Integer.MAX_VALUE;
        assertTrue(spool.replay(3, writer::write));

        assertEquals(FakePostgres.ids(entries), postgres.writtenIds(), "each once, in the order spooled");
    }

    @Test
    void aLineACrashCutShortIsDeadLetteredAndWhatIsAppendedAfterItIsNotLost() throws Exception {
        List<AuditEntry> entries = FakePostgres.entries(4);
        spool.append(entries.subList(0, 2));
        String cut = AuditBatchWriterTest.JSON.writeValueAsString(entries.get(2)).substring(0, 40);
        // the process died in the middle of an append: the line has no end
        Files.writeString(directory.resolve("audit-spool.ndjson"), cut, StandardOpenOption.APPEND);

        AuditSpool restarted = reopened();
        restarted.append(entries.subList(3, 4));
        assertTrue(restarted.replay(10, writer::write));

        assertEquals(List.of("r-0", "r-1", "r-3"), postgres.writtenIds(), "r-3 came after the cut line");
        assertEquals(1.0, deadLetterCount.count(), "the cut line, alone");
        Path deadLetters = directory.resolve("audit-dead-letters.ndjson");
        List<String> letters = Files.readAllLines(deadLetters);
        assertEquals(1, letters.size());
        assertEquals(cut, AuditBatchWriterTest.JSON.readTree(letters.getFirst()).get("line").asText(),
                "kept as it was, for an operator to mend");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(deadLetters)));
        assertEquals(0, restarted.pendingEntries());
    }

    @Test
    void spoolFilesAreTheOwnersOnly() throws Exception {
        spool.append(FakePostgres.entries(3));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(directory)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(directory.resolve("audit-spool.ndjson"))));

        postgres.unreachableAfterWrites = 1;
        spool.replay(2, writer::write);
        Path kept = spoolFiles().getFirst();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(kept)),
                "also the file a stopped replay rewrote: " + kept);
    }

    @Test
    void itReportsHowLongItsOldestRecordHasWaited() throws Exception {
        assertEquals(Duration.ZERO, spool.oldestAge());
        spool.append(FakePostgres.entries(30).subList(10, 30));
        assertAbout(Duration.ofSeconds(20), spool.oldestAge());

        AuditSpool restarted = reopened();
        assertAbout(Duration.ofSeconds(20), restarted.oldestAge());

        postgres.unreachableAfterWrites = 1;
        restarted.replay(5, writer::write);
        assertAbout(Duration.ofSeconds(15), restarted.oldestAge());
        postgres.unreachableAfterWrites = Integer.MAX_VALUE;
        restarted.replay(5, writer::write);
        assertEquals(Duration.ZERO, restarted.oldestAge());
    }

    @Test
    void anAppendOnAnEventLoopIsRefused() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            vertx.runOnContext(ignored -> {
                try {
                    spool.append(FakePostgres.entries(1));
                    failure.complete(null);
                } catch (Throwable t) {
                    failure.complete(t);
                }
            });
            assertInstanceOf(AssertionError.class, failure.get(5, TimeUnit.SECONDS), "an fsync would block it");
            assertEquals(0, spool.pendingEntries());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
    }

    /** The spool as a restarted gateway finds it. */
    private AuditSpool reopened() {
        return new AuditSpool(directory, AuditBatchWriterTest.JSON,
                new AuditDeadLetters(directory, AuditBatchWriterTest.JSON, deadLetterCount));
    }

    private List<AuditEntry> spooledEntries() throws Exception {
        List<AuditEntry> entries = new ArrayList<>();
        for (Path file : spoolFiles()) {
            for (String line : Files.readAllLines(file)) {
                entries.add(AuditBatchWriterTest.JSON.readValue(line, AuditEntry.class));
            }
        }
        return entries;
    }

    private List<Path> spoolFiles() throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("audit-spool")).sorted().toList();
        }
    }

    private static void assertAbout(Duration expected, Duration actual) {
        assertTrue(actual.minus(expected).abs().compareTo(Duration.ofSeconds(2)) < 0,
                "about " + expected + ": " + actual);
    }
}
