package ai.citadel.commons.audit;

import ai.citadel.commons.rest.HttpErrors;
import ai.citadel.commons.rest.RequestIds;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The start of an audited call in a Vert.x filter (docs/architecture.md#audit): it takes a place in the audit's
 * queue, or is refused with 503 {@code audit_unavailable} and {@code Retry-After} when none is left; its record is
 * made once when the exchange ends, whatever ended it, and a record that cannot be made gives its place back. An
 * accepted WebSocket upgrade (101) never ends its response: that call is over when its connection closes.
 */
public final class AuditAdmission {

    private static final String RECORDED = "citadel.audit.recorded";

    private AuditAdmission() {
    }

    /**
     * @param record makes and queues the call's record ({@link AuditQueue#record}) when the exchange has ended
     * @return whether the call goes on; when not, the 503 has been sent
     */
    public static boolean admit(RoutingContext context, AuditQueue<?> queue, HttpErrors errors,
                                Consumer<RoutingContext> record) {
        if (!queue.tryAdmit()) {
            errors.send(context, 503, "audit_unavailable",
                    "The audit cannot take more records now (PostgreSQL is behind); retry shortly",
                    Map.of("Retry-After", String.valueOf(queue.retryAfterSeconds())));
            return false;
        }
        context.addEndHandler(ended -> recordOnce(context, queue, record));
        if ("websocket".equalsIgnoreCase(context.request().getHeader(HttpHeaders.UPGRADE))) {
            // a refused upgrade ends as any answer; the first of the two handlers records it
            context.request().connection().closeHandler(closed -> recordOnce(context, queue, record));
        }
        return true;
    }

    private static void recordOnce(RoutingContext context, AuditQueue<?> queue, Consumer<RoutingContext> record) {
        if (context.get(RECORDED) != null) {
            return;
        }
        context.put(RECORDED, Boolean.TRUE);
        try {
            record.accept(context);
        } catch (RuntimeException e) {
            queue.release();
            Log.errorf(e, "Cannot make the audit record of request %s", RequestIds.of(context));
        }
    }
}
