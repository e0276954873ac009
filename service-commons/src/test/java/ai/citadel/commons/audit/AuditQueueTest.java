package ai.citadel.commons.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue between calls and the audit table: records are written in batches by its own thread, a batch PostgreSQL
 * does not take is tried again, and a call is refused once its record would find no place. PostgreSQL is played by a
 * table that takes a batch whole or not at all, can be unreachable, and can commit a batch yet time out.
 */
class AuditQueueTest {

    private static final int CAPACITY = 4;

    private final MeterRegistry metrics = new SimpleMeterRegistry();
    private final Table table = new Table();
    private final AuditQueue<Row> queue = new AuditQueue<>("test", new Settings(), table, new ObjectMapper(), metrics);

    /** An audit row: ids are made with the record, as the sink's ON CONFLICT (id) needs. */
    record Row(int id, String status) {
    }

    /** Plays PostgreSQL's table with a primary key on id and a check constraint on status. */
    static final class Table implements AuditQueue.Sink<Row> {
        final List<Row> rows = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();
        volatile boolean unreachable;
        /** The next write commits, but its answer never arrives: the writer sees a timeout. */
        volatile boolean loseNextAnswer;

        @Override
        public synchronized Uni<Void> write(List<Row> batch) {
            if (unreachable) {
                return Uni.createFrom().failure(new IllegalStateException("Connection refused"));
            }
            if (batch.stream().anyMatch(row -> row.status().equals("bogus"))) {
                return Uni.createFrom().failure(new PgException("violates check constraint \"status_check\"",
                        "ERROR", "23514", null));
            }
            batchSizes.add(batch.size());
            for (Row row : batch) {
                if (rows.stream().noneMatch(existing -> existing.id() == row.id())) {
                    rows.add(row);
                }
            }
            if (loseNextAnswer) {
                loseNextAnswer = false;
                return Uni.createFrom().nothing();
            }
            return Uni.createFrom().voidItem();
        }

        synchronized List<Integer> ids() {
            return rows.stream().map(Row::id).toList();
        }
    }

    static final class Settings implements AuditSettings {
        @Override
        public int queueCapacity() {
            return CAPACITY;
        }

        @Override
        public int batchSize() {
            return 3;
        }

        @Override
        public Duration flushInterval() {
            return Duration.ofMillis(20);
        }

        @Override
        public Duration writeTimeout() {
            return Duration.ofMillis(200);
        }

        @Override
        public Duration retryInterval() {
            return Duration.ofMillis(50);
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        queue.stop();
    }

    @Test
    void recordsOfAdmittedCallsAreWrittenInBatchesInOrder() {
        for (int i = 0; i < 4; i++) {
            assertTrue(queue.tryAdmit());
            queue.record(new Row(i, "ok"));
        }
        queue.start();
        await(() -> table.ids().size() == 4);
        assertEquals(List.of(0, 1, 2, 3), table.ids());
        assertEquals(List.of(3, 1), table.batchSizes, "at most batch-size records per insert");
        assertEquals(4.0, count("citadel_audit_records_queued_total"));
        assertEquals(4.0, count("citadel_audit_records_written_total"));
        await(() -> metrics.get("citadel_audit_queue_depth").tag("log", "test").gauge().value() == 0);
    }

    @Test
    void callsUnderWayHoldTheirPlaceAndOnceNoneIsLeftCallsAreRefused() {
        queue.start();
        for (int i = 0; i < CAPACITY; i++) {
            assertTrue(queue.tryAdmit());
        }
        assertFalse(queue.tryAdmit());
        assertEquals(1.0, count("citadel_audit_refused_calls_total"));
        queue.release();
        assertTrue(queue.tryAdmit(), "a call that leaves no record gives its place back");
        assertEquals(1, queue.retryAfterSeconds(), "whole seconds, at least one");
    }

    @Test
    void whilePostgresIsAwayTheBatchIsTriedAgainAndNewCallsAreRefusedThenEveryRecordIsWrittenOnce() {
        table.unreachable = true;
        queue.start();
        int admitted = 0;
        while (queue.tryAdmit()) {
            queue.record(new Row(admitted++, "ok"));
        }
        assertTrue(admitted >= CAPACITY, "the writer's batch leaves places for more: " + admitted);
        assertTrue(admitted <= CAPACITY + 3, "at most capacity plus one batch in memory: " + admitted);
        await(() -> count("citadel_audit_write_failures_total") >= 2);
        assertEquals(List.of(), table.ids());

        table.unreachable = false;
        int expected = admitted;
        await(() -> table.ids().size() == expected);
        assertTrue(queue.tryAdmit(), "places are free again");
        queue.release();
        assertEquals(expected, table.ids().stream().distinct().count());
        assertEquals(expected, count("citadel_audit_records_written_total"));
    }

    @Test
    void aBatchThatCommittedButTimedOutIsTriedAgainAndWrittenOnce() {
        table.loseNextAnswer = true;
        for (int i = 0; i < 2; i++) {
            queue.tryAdmit();
            queue.record(new Row(i, "ok"));
        }
        queue.start();
        await(() -> count("citadel_audit_records_written_total") == 2);
        assertEquals(List.of(0, 1), table.ids());
        assertEquals(1.0, count("citadel_audit_write_failures_total"));
    }

    @Test
    void aRecordPostgresRefusesForItsDataIsCountedAndTheOthersAreWritten() {
        for (int i = 0; i < 3; i++) {
            queue.tryAdmit();
            queue.record(new Row(i, i == 1 ? "bogus" : "ok"));
        }
        queue.start();
        await(() -> count("citadel_audit_records_rejected_total") == 1 && table.ids().size() == 2);
        assertEquals(List.of(0, 2), table.ids());
    }

    @Test
    void stoppingWritesWhatIsLeftOrCountsItLostWhenPostgresIsAway() throws InterruptedException {
        queue.start();
        queue.tryAdmit();
        queue.record(new Row(0, "ok"));
        queue.stop();
        assertEquals(List.of(0), table.ids());

        AuditQueue<Row> away = new AuditQueue<>("away", new Settings(), table, new ObjectMapper(), metrics);
        table.unreachable = true;
        away.start();
        for (int i = 1; i <= 3; i++) {
            away.tryAdmit();
            away.record(new Row(i, "ok"));
        }
        Instant start = Instant.now();
        away.stop();
        assertTrue(Duration.between(start, Instant.now()).toMillis() < 2_000, "a stop does not wait out an outage");
        assertEquals(3.0, metrics.get("citadel_audit_records_dropped_total").tag("log", "away").counter().count());
    }

    private double count(String counter) {
        return metrics.get(counter).tag("log", "test").counter().count();
    }

    /** Polls until the condition holds, or fails after five seconds. */
    private static void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition never held");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
