package ai.citadel.management.rest;

import ai.citadel.management.service.audit.AdminCall;
import io.quarkus.security.spi.runtime.AuthorizationFailureEvent;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names the action of a call refused for a role it lacks (403): Quarkus checks {@code @RolesAllowed} before any
 * request filter runs, so {@link AdminActionFilter} never sees such a call; the security layer's authorization
 * failure event names the resource method instead, as {@code <class>#<method>} (so a resource method's name is
 * unique in its class).
 */
@ApplicationScoped
class AdminActionDenials {

    private final Map<String, Optional<AdminAction>> actions = new ConcurrentHashMap<>();

    void denied(@Observes AuthorizationFailureEvent event) {
        Map<String, Object> properties = event.getEventProperties();
        if (properties.get(RoutingContext.class.getName()) instanceof RoutingContext context
                && properties.get(AuthorizationFailureEvent.SECURED_METHOD_KEY) instanceof String method) {
            actions.computeIfAbsent(method, AdminActionDenials::action)
                    .ifPresent(action -> AdminCall.of(context).action(action.value()));
        }
    }

    /** The {@link AdminAction} of {@code <class>#<method>}, if that names a method carrying one. */
    static Optional<AdminAction> action(String method) {
        int hash = method.indexOf('#');
        if (hash < 0) {
            return Optional.empty();
        }
        try {
            Class<?> type = Class.forName(method.substring(0, hash), false,
                    Thread.currentThread().getContextClassLoader());
            String name = method.substring(hash + 1);
            return Arrays.stream(type.getDeclaredMethods())
                    .filter(candidate -> candidate.getName().equals(name))
                    .map(candidate -> candidate.getAnnotation(AdminAction.class))
                    .filter(Objects::nonNull)
                    .findFirst();
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }
}
