package ai.citadel.commons.logging;

import io.quarkus.logging.LoggingFilter;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Production's JSON log lines (docs/operations.md#logs): as the console handler's filter
 * ({@code %prod.quarkus.log.console.filter=citadel-json}) it turns each record's message into the record's
 * {@link JsonLogFormatter JSON line}, and the console format {@code %s%n} writes that message alone. Quarkus lets only
 * an extension (a deployment module producing {@code LogConsoleFormatBuildItem}) replace the console formatter, and
 * its JSON extension is not available to this build; a named filter is configured per handler at run time and sees
 * every record, those logged before start-up finished included. The record is changed in place, once: a record
 * already rendered passes unchanged.
 */
@LoggingFilter(name = "citadel-json")
public final class JsonLogLines implements Filter {

    /** The parameters of a rendered record: its message has no placeholders left, and this marks it. */
    private static final Object[] RENDERED = {new Object()};

    private final JsonLogFormatter formatter;

    public JsonLogLines(@ConfigProperty(name = "quarkus.application.name") String service) {
        this.formatter = new JsonLogFormatter(service);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (record instanceof ExtLogRecord ext && ext.getParameters() != RENDERED) {
            ext.setMessage(formatter.json(ext), ExtLogRecord.FormatStyle.NO_FORMAT);
            ext.setParameters(RENDERED);
        }
        return true;
    }
}
