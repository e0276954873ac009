package ai.citadel.gateway.health;

import ai.citadel.gateway.client.Backends;
import ai.citadel.gateway.service.routing.BackendStatus;
import ai.citadel.gateway.service.routing.BackendStatus.Reachability;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while at least one backend answers its probe (docs/architecture.md#health): a gateway with no model server left
 * can only answer 503s, so a load balancer should send traffic to a replica that still has one. Reports every backend.
 */
@Readiness
@ApplicationScoped
public class BackendsReadinessCheck implements HealthCheck {

    private final Backends backends;
    private final BackendStatus status;

    public BackendsReadinessCheck(Backends backends, BackendStatus status) {
        this.backends = backends;
        this.status = status;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("LLM backends");
        boolean anyUsable = false;
        for (String name : backends.names()) {
            Reachability reachability = status.reachability(name);
            anyUsable |= reachability != Reachability.DOWN;
            response.withData(name, reachability.name().toLowerCase() + ", circuit "
                    + status.circuit(name).name().toLowerCase());
        }
        return response.status(anyUsable).build();
    }
}
