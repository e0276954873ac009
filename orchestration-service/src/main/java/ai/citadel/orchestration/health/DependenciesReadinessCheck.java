package ai.citadel.orchestration.health;

import ai.citadel.model.status.DependencyStatus;
import ai.citadel.orchestration.service.status.DependencyMonitor;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness from the scheduled dependency checks (the data of {@code GET /api/v1/status}): not ready while a kind
 * {@code citadel.status.readiness-requires} names has no dependency up, e.g. every gateway down.
 */
@Readiness
@ApplicationScoped
public class DependenciesReadinessCheck implements HealthCheck {

    private final DependencyMonitor monitor;

    DependenciesReadinessCheck(DependencyMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Dependencies").status(monitor.ready());
        for (DependencyStatus dependency : monitor.latest()) {
            response.withData(dependency.name(), dependency.up() ? "UP"
                    : "DOWN: " + dependency.lastError());
        }
        return response.build();
    }
}
