package ai.citadel.management.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.management.service.system.MachineResources;
import ai.citadel.model.system.SystemResources;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The system views of operators (docs/management.md#system); read-only. */
@Path("/management/system")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.SERVICE})
public class SystemResource {

    private final MachineResources machine;

    SystemResource(MachineResources machine) {
        this.machine = machine;
    }

    /** Blocking (OSHI, nvidia-smi): a plain return type, so RESTEasy runs it on a worker thread. */
    @GET
    @Path("/resources")
    @Operation(summary = "CPU, memory, swap, disks, network, uptime and NVIDIA GPUs of the machine")
    public SystemResources resources() {
        return machine.read();
    }
}
