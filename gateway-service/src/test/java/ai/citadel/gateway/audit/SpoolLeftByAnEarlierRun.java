package ai.citadel.gateway.audit;

import ai.citadel.gateway.service.AuditEntry;
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
 * The gateway under test starts on it, as a restarted one would.
 */
public class SpoolLeftByAnEarlierRun implements QuarkusTestResourceLifecycleManager {

    static final int ENTRIES = 7;
    static final String RUN = "restart-" + UUID.randomUUID() + "-";

    @Override
    public Map<String, String> start() {
        try {
            Path directory = Files.createTempDirectory("citadel-audit-spool");
            ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < ENTRIES; i++) {
                UUID conversation = UUID.randomUUID();
                Instant at = Instant.now().minusSeconds(60 - i);
                lines.add(json.writeValueAsString(new AuditEntry(
                        new AuditEntry.Request(RUN + i, at, "/v1/chat/completions", null, "phi3:latest", "llm-02",
                                "completed", 200, 120, null, 9, 12, false, null, "127.0.0.1", "test", conversation,
                                null),
                        new AuditEntry.Conversation(conversation, at, null, "127.0.0.1", "test", "phi3:latest", 2),
                        List.of(new AuditEntry.Message(UUID.randomUUID(), conversation, RUN + i, 0, "user", "hello",
                                        null, null, null, at),
                                new AuditEntry.Message(UUID.randomUUID(), conversation, RUN + i, 1, "assistant",
                                        "hello hello", null, null, null, at)))));
            }
            Files.write(directory.resolve("audit-spool.ndjson"), lines);
            return Map.of("citadel.audit.spool-directory", directory.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
