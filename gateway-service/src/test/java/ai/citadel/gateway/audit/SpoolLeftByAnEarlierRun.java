package ai.citadel.gateway.audit;

import ai.citadel.gateway.repository.AuditEntry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a gateway that stopped during a PostgreSQL outage leaves behind: a spool directory holding audit entries.
 * The gateway under test starts on it, as a restarted one would. Among them, as an older gateway could have
 * spooled them: a message with a NUL character, two records PostgreSQL refuses for their data (a status its check
 * constraint forbids, a client IP that is not one) and, last, a line a crash cut short.
 */
public class SpoolLeftByAnEarlierRun implements QuarkusTestResourceLifecycleManager {

    static final String RUN = "restart-" + UUID.randomUUID() + "-";
    /** The request ids PostgreSQL takes, in the order spooled. */
    static final List<String> WRITTEN = List.of(RUN + 0, RUN + 1, RUN + 2, RUN + 3, RUN + "nul", RUN + 4, RUN + 5,
            RUN + 6);
    static final String NUL_CONTENT = "hel\0lo";

    @Override
    public Map<String, String> start() {
        try {
            Path directory = Files.createTempDirectory("citadel-audit-spool");
            ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            List<String> lines = new ArrayList<>();
            Instant at = Instant.now().minusSeconds(60);
            for (String id : List.of(RUN + 0, RUN + 1, RUN + "bad-status", RUN + 2, RUN + 3, RUN + "nul",
                    RUN + "bad-ip", RUN + 4, RUN + 5, RUN + 6)) {
                at = at.plusSeconds(1);
                lines.add(json.writeValueAsString(entry(id, at)));
            }
            lines.add(lines.getLast().substring(0, 40));
            Files.write(directory.resolve("audit-spool.ndjson"), lines);
            return Map.of("citadel.audit.spool-directory", directory.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static AuditEntry entry(String id, Instant at) {
        UUID conversation = UUID.randomUUID();
        return new AuditEntry(
                new AuditEntry.Request(id, at, "/v1/chat/completions", null, "phi3:latest", "llm-02",
                        id.endsWith("bad-status") ? "bogus" : "completed", 200, 120, null, 9, 12, false, null,
                        id.endsWith("bad-ip") ? "not-an-ip" : "127.0.0.1", "test", conversation, null),
                new AuditEntry.Conversation(conversation, at, null, "127.0.0.1", "test", "phi3:latest", 2),
                List.of(new AuditEntry.Message(UUID.randomUUID(), conversation, id, 0, "user",
                                id.endsWith("nul") ? NUL_CONTENT : "hello", null, null, null, at),
                        new AuditEntry.Message(UUID.randomUUID(), conversation, id, 1, "assistant",
                                "hello hello", null, null, null, at)));
    }

    @Override
    public void stop() {
    }
}
