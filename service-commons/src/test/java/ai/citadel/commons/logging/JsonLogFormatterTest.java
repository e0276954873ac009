package ai.citadel.commons.logging;

import ai.citadel.commons.rest.RequestIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonLogFormatterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonLogFormatter formatter = new JsonLogFormatter("gateway-service");

    @Test
    void everyFieldOfARecordInOneLine() throws Exception {
        ExtLogRecord record = record(Level.WARNING, "Backend %s does not answer", ExtLogRecord.FormatStyle.PRINTF,
                "llm-02");
        record.setInstant(Instant.parse("2026-12-03T09:41:00.123Z"));
        record.setMdc(Map.of(RequestIds.MDC_KEY, "req-1"));

        String line = formatter.format(record);

        assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
        JsonNode json = JSON.readTree(line);
        assertEquals("2026-12-03T09:41:00.123Z", json.get("timestamp").asText());
        assertEquals("WARN", json.get("level").asText());
        assertEquals("gateway-service", json.get("service").asText());
        assertEquals("ai.citadel.test", json.get("logger").asText());
        assertEquals("worker-1", json.get("thread").asText());
        assertEquals("Backend llm-02 does not answer", json.get("message").asText());
        assertEquals("req-1", json.get("request_id").asText());
        assertFalse(json.has("exception") || json.has("mdc"), line);
    }

    @Test
    void quotesControlCharactersAndLineBreaksAreEscaped() throws Exception {
        String message = "a \"quoted\" \\ path\nsecond line\r\tand \u0001 and ünïcode";
        String line = formatter.json(record(Level.INFO, message, ExtLogRecord.FormatStyle.NO_FORMAT));

        assertFalse(line.contains("\n") || line.contains("\r") || line.contains("\t") || line.contains("\u0001"),
                line);
        assertEquals(message, JSON.readTree(line).get("message").asText());
    }

    @Test
    void anExceptionIsItsWholeStackTraceInOneField() throws Exception {
        ExtLogRecord record = record(Level.SEVERE, "Unhandled error on %s", ExtLogRecord.FormatStyle.PRINTF, "/v1");
        record.setThrown(new IllegalStateException("outer", new IllegalArgumentException("inner \"cause\"")));

        JsonNode json = JSON.readTree(formatter.json(record));

        String trace = json.get("exception").asText();
        assertTrue(trace.startsWith("java.lang.IllegalStateException: outer\n\tat "), trace);
        assertTrue(trace.contains("Caused by: java.lang.IllegalArgumentException: inner \"cause\""), trace);
        assertEquals("Unhandled error on /v1", json.get("message").asText());
    }

    @Test
    void otherContextEntriesGoUnderMdcAndNoRequestIdMeansNoField() throws Exception {
        ExtLogRecord record = record(Level.INFO, "step done", ExtLogRecord.FormatStyle.NO_FORMAT);
        record.setMdc(Map.of("workflowId", "wf-7", "step", "embed"));

        JsonNode json = JSON.readTree(formatter.json(record));

        assertFalse(json.has("request_id"));
        assertEquals("wf-7", json.get("mdc").get("workflowId").asText());
        assertEquals("embed", json.get("mdc").get("step").asText());
    }

    @Test
    void everyLoggingApisLevelsUnderOneSetOfNames() {
        assertEquals("FATAL", JsonLogFormatter.level(org.jboss.logmanager.Level.FATAL));
        assertEquals("ERROR", JsonLogFormatter.level(Level.SEVERE));
        assertEquals("ERROR", JsonLogFormatter.level(org.jboss.logmanager.Level.ERROR));
        assertEquals("WARN", JsonLogFormatter.level(Level.WARNING));
        assertEquals("INFO", JsonLogFormatter.level(Level.INFO));
        assertEquals("DEBUG", JsonLogFormatter.level(Level.CONFIG));
        assertEquals("DEBUG", JsonLogFormatter.level(org.jboss.logmanager.Level.DEBUG));
        assertEquals("TRACE", JsonLogFormatter.level(Level.FINEST));
    }

    static ExtLogRecord record(Level level, String message, ExtLogRecord.FormatStyle style, Object... parameters) {
        ExtLogRecord record = new ExtLogRecord(level, message, style, JsonLogFormatterTest.class.getName());
        record.setLoggerName("ai.citadel.test");
        record.setThreadName("worker-1");
        record.setParameters(parameters.length == 0 ? null : parameters);
        return record;
    }
}
