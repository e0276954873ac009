package ai.citadel.commons.logging;

import ai.citadel.commons.rest.RequestIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLogLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What production's console handler does: the filter, then the format {@code %s%n}. */
    private final JsonLogLines filter = new JsonLogLines("embedding-service");
    private final PatternFormatter console = new PatternFormatter("%s%n");

    @Test
    void theConsoleWritesTheRecordAsItsJsonLine() throws Exception {
        ExtLogRecord record = JsonLogFormatterTest.record(Level.INFO, "loaded %d models in %s",
                ExtLogRecord.FormatStyle.PRINTF, 4, "12 ms");
        record.setMdc(Map.of(RequestIds.MDC_KEY, "abc"));
        record.setThrown(new IllegalStateException("boom"));

        assertTrue(filter.isLoggable(record));
        String line = console.format(record);

        assertEquals(1, line.split("\n", -1).length - 1, line);
        JsonNode json = JSON.readTree(line);
        assertEquals("loaded 4 models in 12 ms", json.get("message").asText());
        assertEquals("embedding-service", json.get("service").asText());
        assertEquals("abc", json.get("request_id").asText());
        assertTrue(json.get("exception").asText().startsWith("java.lang.IllegalStateException: boom"));
    }

    @Test
    void aRecordIsRenderedOnceWhateverPassesItThroughTheFilterAgain() throws Exception {
        ExtLogRecord record = JsonLogFormatterTest.record(Level.INFO, "a \"%s\" message",
                ExtLogRecord.FormatStyle.PRINTF, "quoted");
        filter.isLoggable(record);
        String once = console.format(record);

        assertTrue(filter.isLoggable(record));
        assertEquals(once, console.format(record));
        assertEquals("a \"quoted\" message", JSON.readTree(once).get("message").asText());
    }

    @Test
    void aPlainJulRecordIsLetThroughUntouched() {
        LogRecord record = new LogRecord(Level.INFO, "plain");

        assertTrue(filter.isLoggable(record));
        assertEquals("plain", record.getMessage());
    }
}
