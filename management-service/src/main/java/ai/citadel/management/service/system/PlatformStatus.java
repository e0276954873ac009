package ai.citadel.management.service.system;

import ai.citadel.management.client.CitadelServices;
import ai.citadel.model.system.ServicesStatus;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The state of the platform around this service: Citadel's services, the Ollama hosts, where the bytes are. */
@ApplicationScoped
public class PlatformStatus {

    private final CitadelServices services;

    PlatformStatus(CitadelServices services) {
        this.services = services;
    }

    public Uni<ServicesStatus> services() {
        return services.status();
    }
}
