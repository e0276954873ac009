package ai.citadel.gateway.service.audit;

import ai.citadel.commons.audit.AuditBatchWriter;
import ai.citadel.gateway.repository.AuditEntry;
import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Plays PostgreSQL for the audit writer: takes a batch whole or not at all, as one transaction does; refuses a
 * record whose status the {@code requests_status_check} constraint forbids; can become unreachable.
 */
final class FakePostgres implements AuditBatchWriter.Sink<AuditEntry> {

    final List<AuditEntry> written = new ArrayList<>();
    int writes;
    /** After this many batches taken, every write fails as if the link were cut. */
    int unreachableAfterWrites = Integer.MAX_VALUE;
    /** Thrown by every write, when set. */
    RuntimeException failure;

    @Override
    public void write(List<AuditEntry> batch) {
        if (failure != null) {
            throw failure;
        }
        if (writes >= unreachableAfterWrites) {
            throw new VertxException("Connection refused: localhost/127.0.0.1:5432");
        }
        if (batch.stream().anyMatch(e -> e.request().status().equals("bogus"))) {
            throw new PgException("new row for relation \"requests_2026_11\" violates check constraint "
                    + "\"requests_status_check\"", "ERROR", "23514", null);
        }
        written.addAll(batch);
        writes++;
    }

    List<String> writtenIds() {
        return written.stream().map(FakePostgres::id).toList();
    }

    /** Request ids r-0, r-1 …, arrived a second apart, the first {@code count} seconds ago. */
    static List<AuditEntry> entries(int count) {
        Instant first = Instant.now().minusSeconds(count);
        return new ArrayList<>(IntStream.range(0, count).mapToObj(i -> new AuditEntry(new AuditEntry.Request(
                "r-" + i, first.plusSeconds(i), "/v1/chat/completions", null, "phi3:latest", "llm-02", "completed",
                200, 10, null, 1, 1, false, null, "127.0.0.1", "test", null, null), null, List.of())).toList());
    }

    /** The entry with a status PostgreSQL refuses. */
    static AuditEntry refused(AuditEntry entry) {
        AuditEntry.Request r = entry.request();
        return new AuditEntry(new AuditEntry.Request(r.requestId(), r.createdAt(), r.endpoint(), r.profile(),
                r.model(), r.backend(), "bogus", r.httpStatus(), r.latencyMs(), r.ttftMs(), r.promptTokens(),
                r.completionTokens(), r.cached(), r.apiKeyId(), r.clientIp(), r.userAgent(), r.conversationId(),
                r.error()), null, List.of());
    }

    static String id(AuditEntry entry) {
        return entry.request().requestId();
    }

    static List<String> ids(List<AuditEntry> entries) {
        return entries.stream().map(FakePostgres::id).toList();
    }
}
