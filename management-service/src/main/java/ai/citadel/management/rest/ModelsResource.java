package ai.citadel.management.rest;

import ai.citadel.commons.rest.RequestIds;
import ai.citadel.commons.security.Roles;
import ai.citadel.management.service.audit.AdminCall;
import ai.citadel.management.service.models.ConfiguredModelsService;
import ai.citadel.management.service.models.ModelDeletion;
import ai.citadel.management.service.models.ModelInventory;
import ai.citadel.model.management.ConfiguredModels;
import ai.citadel.model.management.DeleteRequest;
import ai.citadel.model.management.DeleteResult;
import ai.citadel.model.management.ModelInfo;
import ai.citadel.model.management.ModelsByHost;
import ai.citadel.model.management.Operation;
import ai.citadel.model.management.PullRequest;
import ai.citadel.model.management.RunningByHost;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The models on the Ollama hosts (docs/management.md#models): on the host named by {@code ?host=}, or on every host,
 * each saying what happened there; a host that is down is reported, not a failure of the call.
 */
@Path("/management/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    private final ModelInventory inventory;
    private final ConfiguredModelsService configured;
    private final ModelDeletion deletion;
    private final PullHttp pulls;

    ModelsResource(ModelInventory inventory, ConfiguredModelsService configured, ModelDeletion deletion,
                   PullHttp pulls) {
        this.inventory = inventory;
        this.configured = configured;
        this.deletion = deletion;
        this.pulls = pulls;
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

    /** The gateway's catalog next to what the hosts hold: who holds each configured model, who lacks it. */
    @GET
    @Path("/configured")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction("models.configured")
    public Uni<ConfiguredModels> configured(RoutingContext context) {
        return configured.compare(RequestIds.of(context)).invoke(comparison -> {
            AdminCall call = AdminCall.of(context).hosts(comparison.hosts());
            call.detail("gateway", comparison.catalog().status());
            if (!comparison.complete()) {
                call.partial();
            }
        }).map(ConfiguredModelsService.Comparison::answer);
    }

    /**
     * Starts a pull ({@code /api/pull}) on the host named or on every host, or joins the same one running. Answers
     * {@code 202} with the operation to follow at {@code GET /management/operations/{id}}, or, when the caller asks
     * for {@code text/event-stream}, streams its progress as server-sent events ({@code progress} per host as it
     * changes, then one {@code done} with the operation). Leaving does not stop it.
     */
    @POST
    @Path("/pull")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @RolesAllowed(Roles.ADMIN)
    @AdminAction("models.pull")
    public Uni<RestResponse<Operation>> pull(@Valid @NotNull PullRequest request,
                                             @HeaderParam("Accept") String accept, RoutingContext context) {
        return pulls.pull(request, accept, context);
    }

    /**
     * Deletes a model from the host named or from every host; refused (409) while the gateway's catalog routes to
     * it, unless {@code force: true}.
     */
    @POST
    @Path("/delete")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @AdminAction("models.delete")
    public Uni<DeleteResult> delete(@Valid @NotNull DeleteRequest request, RoutingContext context) {
        AdminCall call = AdminCall.of(context).target(request.name()).host(request.host())
                .detail("force", request.forced());
        return deletion.delete(request, RequestIds.of(context)).invoke(call::hosts)
                .map(outcomes -> ModelDeletion.result(request, outcomes));
    }
}
