package ai.citadel.management.models;

import ai.citadel.management.ManagementProfile;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.quarkus.InjectSimulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry follows the hosts on its schedule, also for changes made on a host behind the service's back
 * ({@code ollama pull} / {@code ollama rm} on the machine), and keeps a removed model's row.
 */
@QuarkusTest
@TestProfile(ManagementProfile.class)
class RegistryTest {

    @InjectSimulator("llm-02")
    OllamaSimulator llm02;

    @Inject
    DataSource dataSource;

    @Test
    void aModelAddedAndRemovedOnAHostIsRecorded() {
        String model = "outside-" + UUID.randomUUID() + ":latest";
        Registry registry = new Registry(dataSource);
        Hosts.pullDirectly(llm02, model);
        Map<String, Object> seen = registry.awaitStatus("llm-02", model, "available");
        assertEquals("llama", seen.get("family"), "a model the simulator does not know is a generic 7B chat model");
        assertEquals("7B", seen.get("parameter_size"));
        assertTrue(seen.get("digest") != null);
        Instant firstSeen = ((Timestamp) seen.get("last_seen_at")).toInstant();

        Hosts.deleteDirectly(llm02, model);
        Instant deleted = Instant.now();
        Map<String, Object> gone = registry.awaitStatus("llm-02", model, "deleted");
        Instant lastSeen = ((Timestamp) gone.get("last_seen_at")).toInstant();
        assertFalse(lastSeen.isBefore(firstSeen));
        assertFalse(lastSeen.isAfter(deleted), "a model no longer listed keeps when it was last seen");
    }

    @Test
    void theHostsModelsAreInTheRegistry() {
        Map<String, Object> phi3 = new Registry(dataSource).awaitStatus("llm-01", "phi3:latest", "available");
        assertEquals(2176178913L, ((Number) phi3.get("size_bytes")).longValue());
        assertEquals("Q4_0", phi3.get("quantization"));
    }
}
