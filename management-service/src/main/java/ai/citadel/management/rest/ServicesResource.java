package ai.citadel.management.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.management.service.system.PlatformStatus;
import ai.citadel.model.management.ServicesStatus;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /management/services}: Citadel's services, ready or not (docs/management.md#system); read-only. */
@Path("/management/services")
@Produces(MediaType.APPLICATION_JSON)
public class ServicesResource {

    private final PlatformStatus status;

    ServicesResource(PlatformStatus status) {
        this.status = status;
    }

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction("services.status")
    @Operation(summary = "Readiness, version and latency of every configured Citadel service")
    public Uni<ServicesStatus> services() {
        return status.services();
    }
}
