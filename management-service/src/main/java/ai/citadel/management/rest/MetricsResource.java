package ai.citadel.management.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.management.service.system.MachineResources;
import ai.citadel.model.management.SystemResources;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Seed 003's monitoring path: the same answer as {@code GET /management/system/resources}. */
@Path("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

    private final MachineResources machine;

    MetricsResource(MachineResources machine) {
        this.machine = machine;
    }

    @GET
    @Path("/system")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction("system.resources")
    @Operation(summary = "The machine's resources (as GET /management/system/resources)")
    public SystemResources system() {
        return machine.read();
    }
}
