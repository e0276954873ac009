package ai.citadel.orchestration.rest;

import ai.citadel.model.workflow.WorkflowAcceptedResponse;
import ai.citadel.model.workflow.WorkflowCreateRequest;
import ai.citadel.model.workflow.WorkflowStatusResponse;
import ai.citadel.orchestration.service.workflow.WorkflowService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** The paths earlier clients use for the workflow API, with the same behaviour (docs/orchestration.md#api). */
@Path("/")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowAliasResource {

    private final WorkflowService workflows;
    private final WorkflowHttp http;
    private final SecurityIdentity identity;

    WorkflowAliasResource(WorkflowService workflows, WorkflowHttp http, SecurityIdentity identity) {
        this.workflows = workflows;
        this.http = http;
        this.identity = identity;
    }

    @POST
    @Path("/api/v1/orchestration/workflow")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<WorkflowAcceptedResponse>> submit(@Valid @NotNull WorkflowCreateRequest request) {
        return http.submit(request, identity);
    }

    @GET
    @Path("/api/v1/orchestration/workflow/{id}/status")
    public Uni<WorkflowStatusResponse> status(@PathParam("id") String id) {
        return workflows.get(id, Callers.of(identity));
    }

    @POST
    @Path("/orchestrate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<WorkflowAcceptedResponse>> orchestrate(@Valid @NotNull WorkflowCreateRequest request) {
        return http.submit(request, identity);
    }
}
