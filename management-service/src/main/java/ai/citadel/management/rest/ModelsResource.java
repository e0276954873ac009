package ai.citadel.management.rest;

import ai.citadel.commons.rest.RequestIds;
import ai.citadel.commons.security.Roles;
import ai.citadel.management.service.audit.AdminCall;
import ai.citadel.management.service.models.ModelInventory;
import ai.citadel.model.management.ModelInfo;
import ai.citadel.model.management.ModelsByHost;
import ai.citadel.model.management.RunningByHost;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The models on the Ollama hosts (docs/management.md#models): on the host named by {@code ?host=}, or on every host,
 * each saying what happened there; a host that is down is reported, not a failure of the call.
 */
@Path("/management/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelInventory inventory;

    ModelsResource(ModelInventory inventory) {
        this.inventory = inventory;
    }

    /** Every model each host holds ({@code /api/tags}). */
    @GET
    @Path("/list")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction("models.list")
    public Uni<ModelsByHost> list(@QueryParam("host") String host, RoutingContext context) {
        return inventory.tags(host, RequestIds.of(context)).invoke(AdminCall.of(context)::hosts)
                .map(ModelInventory::models);
    }

    /** The models each host has in memory now ({@code /api/ps}). */
    @GET
    @Path("/running")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction("models.running")
    public Uni<RunningByHost> running(@QueryParam("host") String host, RoutingContext context) {
        return inventory.running(host, RequestIds.of(context)).invoke(AdminCall.of(context)::hosts)
                .map(ModelInventory::running);
    }

    /** What each host says of one model ({@code /api/show}); a name may contain {@code /} (namespaced models). */
    @GET
    @Path("/{name: .+}/info")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction(value = "models.info", target = "name")
    public Uni<ModelInfo> info(@PathParam("name") String name, @QueryParam("host") String host,
                               RoutingContext context) {
        return inventory.info(name, host, RequestIds.of(context)).invoke(AdminCall.of(context)::hosts)
                .map(outcomes -> ModelInventory.info(name, outcomes));
    }
}
