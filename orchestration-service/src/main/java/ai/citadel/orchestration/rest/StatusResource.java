package ai.citadel.orchestration.rest;

import ai.citadel.model.status.StatusResponse;
import ai.citadel.orchestration.service.status.DependencyMonitor;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The dependencies' state as the last scheduled checks found it (docs/orchestration.md#dependency-status). */
@Path("/api/v1/status")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final DependencyMonitor monitor;

    StatusResource(DependencyMonitor monitor) {
        this.monitor = monitor;
    }

    @GET
    public StatusResponse status() {
        return monitor.status();
    }
}
