package ai.citadel.gateway.service.audit;

import ai.citadel.gateway.repository.AuditEntry;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.quarkus.logging.Log;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Audit records that can never be written, each kept with its reason as one JSON line in an append-only file beside
 * the spool (owner-only, like the spool), so that one bad record costs that record only: the rest of its batch is
 * written, and nothing queues up behind it. An operator can fix a record there and feed it back.
 */
final class AuditDeadLetters {

    private static final String FILE_NAME = "audit-dead-letters.ndjson";

    private final Path file;
    private final ObjectMapper json;
    private final Counter count;

    /**
     * @param directory the spool directory, which must exist by the first record
     * @param count     counts every record added
     */
    AuditDeadLetters(Path directory, ObjectMapper json, Counter count) {
        this.file = directory.resolve(FILE_NAME);
        this.json = json;
        this.count = count;
    }

    /** A record PostgreSQL refused for its data. */
    void add(AuditEntry entry, String reason) {
        Log.errorf("PostgreSQL refused the audit record of request %s (%s); moved to %s",
                entry.request().requestId(), reason, file);
        append(new DeadLetter(Instant.now(), reason, entry, null));
    }

    /** A spool line that cannot be read back (a write cut short by a crash). */
    void addUnreadable(String line, String reason) {
        Log.errorf("Unreadable audit spool line (%s); moved to %s", reason, file);
        append(new DeadLetter(Instant.now(), reason, null, line));
    }

    private void append(DeadLetter letter) {
        try {
            AuditSpool.appendDurably(file, (json.writeValueAsString(letter) + '\n').getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise an audit dead letter", e);
        }
        count.increment();
    }

    /** One line of the file: the record, or the raw spool line when it could not be read. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DeadLetter(Instant at, String reason, AuditEntry entry, String line) {
    }
}
