package ai.citadel.management.rest;

import ai.citadel.commons.rest.RequestIds;
import ai.citadel.commons.security.Roles;
import ai.citadel.management.service.audit.AdminCall;
import ai.citadel.management.service.system.MachineResources;
import ai.citadel.management.service.system.PlatformStatus;
import ai.citadel.model.management.OllamaStatus;
import ai.citadel.model.management.StorageUsage;
import ai.citadel.model.management.SystemResources;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The system views of operators (docs/management.md#system), all read-only: this machine, where the bytes are, the
 * Ollama hosts. A part that cannot be read (no GPU, a host down, a missing directory) is said inside the answer.
 */
@Path("/management/system")
@Produces(MediaType.APPLICATION_JSON)
public class SystemResource {

    private final MachineResources machine;
    private final PlatformStatus platform;

    SystemResource(MachineResources machine, PlatformStatus platform) {
        this.machine = machine;
        this.platform = platform;
    }

    /** Blocking (OSHI, nvidia-smi): a plain return type, so RESTEasy runs it on a worker thread. */
    @GET
    @Path("/resources")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction("system.resources")
    @Operation(summary = "CPU, memory, swap, disks, network, uptime and NVIDIA GPUs of the machine")
    public SystemResources resources() {
        return machine.read();
    }

    @GET
    @Path("/storage-usage")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction("system.storage")
    @Operation(summary = "Model store size per Ollama host, disk use of the data directories")
    public Uni<StorageUsage> storageUsage(RoutingContext context) {
        return platform.storage(RequestIds.of(context))
                .invoke(reading -> AdminCall.of(context).hosts(reading.stores()))
                .map(PlatformStatus::storageUsage);
    }

    @GET
    @Path("/ollama-status")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction("system.ollama-status")
    @Operation(summary = "Each Ollama host (or ?host=): up, version, latency, models in memory")
    public Uni<OllamaStatus> ollamaStatus(@QueryParam("host") String host, RoutingContext context) {
        return platform.ollama(host, RequestIds.of(context)).invoke(AdminCall.of(context)::hosts)
                .map(platform::ollamaStatus);
    }
}
