package ai.citadel.testing.ollama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class OllamaJsonTest {

    @Test
    void timestampsLookLikeGosRfc3339Nano() {
        assertEquals("2023-08-04T19:22:45.499127Z", OllamaJson.timestamp(Instant.parse("2023-08-04T19:22:45.499127000Z")));
        assertEquals("2023-08-04T19:22:45.000000001Z", OllamaJson.timestamp(Instant.parse("2023-08-04T19:22:45.000000001Z")));
        assertEquals("2023-08-04T19:22:45Z", OllamaJson.timestamp(Instant.parse("2023-08-04T19:22:45Z")));
    }

    @Test
    void parameterSizesBecomeCounts() {
        assertEquals(3_800_000_000L, OllamaJson.parameterCount("3.8B"));
        assertEquals(23_000_000L, OllamaJson.parameterCount("23M"));
    }

    @Test
    void namesWithoutATagMeanLatest() {
        assertEquals("phi3:latest", OllamaNames.withTag("phi3"));
        assertEquals("library/phi3:mini", OllamaNames.withTag("library/phi3:mini"));
        assertEquals("host:5000/ns/model:latest", OllamaNames.withTag("host:5000/ns/model"));
        assertEquals(OllamaNames.key("PHI3"), OllamaNames.key("phi3:latest"));
    }
}
