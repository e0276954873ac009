package ai.citadel.management.service.audit;

import ai.citadel.management.service.hosts.HostOutcome;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the audit will say of one call to the management service, filled in while it runs: the action (from the
 * resource method's {@code @AdminAction}), the host and target it was aimed at, details, and whether only some hosts
 * answered. It lives in the request's routing context, so the record made when the exchange ends
 * ({@code rest/AdminAuditFilter}) has it, also for calls refused before any resource ran.
 */
public final class AdminCall {

    private static final String KEY = "citadel.admin-call";
    /** The action of a call no resource took: refused before dispatch (401, 404, 405, 413 …). */
    public static final String UNDISPATCHED = "request";

    private volatile String action = UNDISPATCHED;
    private volatile String host;
    private volatile String target;
    private volatile boolean partial;
    private final Map<String, Object> detail = new LinkedHashMap<>();

    /** The call of this request; one is made for a request the audit filter did not admit (never recorded). */
    public static AdminCall of(RoutingContext context) {
        AdminCall call = context.get(KEY);
        if (call == null) {
            call = new AdminCall();
            context.put(KEY, call);
        }
        return call;
    }

    public AdminCall action(String action) {
        this.action = action;
        return this;
    }

    public AdminCall host(String host) {
        this.host = host;
        return this;
    }

    public AdminCall target(String target) {
        this.target = target;
        return this;
    }

    /** Adds a detail (JSON-serializable, never a secret). */
    public AdminCall detail(String key, Object value) {
        synchronized (detail) {
            detail.put(key, value);
        }
        return this;
    }

    /** Marks a call answered while some hosts did not answer ({@code outcome = partial}). */
    public AdminCall partial() {
        this.partial = true;
        return this;
    }

    /**
     * Records what each host made of the call ({@code detail.hosts}); one that was unavailable or refused makes the
     * outcome {@code partial}.
     */
    public AdminCall hosts(List<? extends HostOutcome<?>> outcomes) {
        Map<String, String> statuses = new TreeMap<>();
        for (HostOutcome<?> outcome : outcomes) {
            statuses.put(outcome.host(), outcome.status());
            if (HostOutcome.UNAVAILABLE.equals(outcome.status()) || HostOutcome.ERROR.equals(outcome.status())) {
                partial = true;
            }
        }
        return detail("hosts", statuses);
    }

    public String action() {
        return action;
    }

    public String host() {
        return host;
    }

    public String target() {
        return target;
    }

    boolean isPartial() {
        return partial;
    }

    Map<String, Object> detail() {
        synchronized (detail) {
            return detail.isEmpty() ? null : Map.copyOf(detail);
        }
    }
}
