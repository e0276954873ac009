package ai.citadel.commons.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Citadel's own meters ({@code citadel_*}) leave the registry when the application stops. The registry can outlive
 * the application (dev-mode reloads, restarts between test classes), and a gauge left behind would keep reading the
 * stopped application's objects instead of the new one's.
 */
@ApplicationScoped
public class CitadelMeters {

    public static final String PREFIX = "citadel_";

    void removeOnShutdown(@Observes ShutdownEvent shutdown, MeterRegistry registry) {
        registry.getMeters().stream()
                .filter(meter -> meter.getId().getName().startsWith(PREFIX))
                .forEach(registry::remove);
    }
}
