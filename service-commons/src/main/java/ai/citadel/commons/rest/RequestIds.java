package ai.citadel.commons.rest;

import ai.citadel.commons.text.UniqueIds;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.MDC;

import java.util.regex.Pattern;

/**
 * {@code X-Request-Id} on every HTTP exchange, REST or not (health, metrics): taken from the caller when it sends a
 * sane one, generated otherwise; returned on the response and put in the logging context
 * (docs/architecture.md#request-ids). Also notes when the request arrived.
 */
@ApplicationScoped
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** The logging-context key of the id ({@code %X{requestId}} in the text format, {@code request_id} in JSON). */
    public static final String MDC_KEY = "requestId";
    private static final String KEY = "citadel.request-id";
    private static final String ARRIVAL = "citadel.arrival-nanos";
    /** Anything else is replaced: ids end up in logs and audit rows, so no control characters or huge values. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Before every other filter, so even the earliest error response carries the id. */
    private static final int PRIORITY = 1000;

    void register(@Observes Filters filters) {
        filters.register(this::assign, PRIORITY);
    }

    private void assign(RoutingContext context) {
        String sent = context.request().getHeader(HEADER);
        String id = sent != null && ACCEPTED.matcher(sent).matches() ? sent : UniqueIds.uuid().toString();
        context.put(KEY, id);
        context.put(ARRIVAL, System.nanoTime());
        context.response().putHeader(HEADER, id);
        MDC.put(MDC_KEY, id);
        context.next();
    }

    /** When the request reached the service ({@link System#nanoTime()}), to measure time spent in it. */
    public static long arrivalNanos(RoutingContext context) {
        Long arrival = context.get(ARRIVAL);
        return arrival != null ? arrival : System.nanoTime();
    }

    /** The id of the request being handled, for audit rows and headers of downstream calls. */
    public static String of(RoutingContext context) {
        return context.get(KEY);
    }
}
