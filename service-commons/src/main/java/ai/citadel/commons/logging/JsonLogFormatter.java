package ai.citadel.commons.logging;

import ai.citadel.commons.rest.RequestIds;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;

/**
 * One log record as one line of JSON (docs/operations.md#logs): {@code timestamp} (ISO-8601, UTC), {@code level}
 * (one of {@code FATAL ERROR WARN INFO DEBUG TRACE}, whichever logging API the record came through),
 * {@code service}, {@code logger}, {@code thread}, {@code message}, {@code request_id} (the id that
 * {@link RequestIds} puts in the logging context while a request is handled), {@code exception} (the stack trace as
 * one string) and {@code mdc} (any other context entries, by name). Absent fields are left out. Jackson escapes every
 * control character, so a message never breaks the line.
 */
public final class JsonLogFormatter extends ExtFormatter {

    private static final JsonFactory JSON = new JsonFactory();

    private final String service;

    /** @param service names the service on every line, e.g. {@code gateway-service} */
    public JsonLogFormatter(String service) {
        this.service = service;
    }

    /** The record's line, ending with {@code \n}. */
    @Override
    public String format(ExtLogRecord record) {
        return json(record) + "\n";
    }

    /** The record as one JSON object, without a line end. */
    public String json(ExtLogRecord record) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", record.getInstant().toString());
            json.writeStringField("level", level(record.getLevel()));
            json.writeStringField("service", service);
            json.writeStringField("logger", record.getLoggerName());
            json.writeStringField("thread", record.getThreadName());
            json.writeStringField("message", formatMessage(record));
            Map<String, String> mdc = new TreeMap<>(record.getMdcCopy());
            String requestId = mdc.remove(RequestIds.MDC_KEY);
            if (requestId != null && !requestId.isEmpty()) {
                json.writeStringField("request_id", requestId);
            }
            if (record.getThrown() != null) {
                json.writeStringField("exception", stackTrace(record.getThrown()));
            }
            if (!mdc.isEmpty()) {
                json.writeObjectFieldStart("mdc");
                for (Map.Entry<String, String> entry : mdc.entrySet()) {
                    json.writeStringField(entry.getKey(), entry.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    /** java.util.logging's levels (SEVERE, WARNING, FINE …) under the names the other logging APIs use. */
    static String level(Level level) {
        int value = level.intValue();
        if (value >= org.jboss.logmanager.Level.FATAL.intValue()) {
            return "FATAL";
        }
        if (value >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (value >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (value >= Level.INFO.intValue()) {
            return "INFO";
        }
        return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString().stripTrailing();
    }
}
