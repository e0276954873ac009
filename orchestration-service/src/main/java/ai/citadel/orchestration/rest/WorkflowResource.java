package ai.citadel.orchestration.rest;

import ai.citadel.model.workflow.WorkflowAcceptedResponse;
import ai.citadel.model.workflow.WorkflowCreateRequest;
import ai.citadel.model.workflow.WorkflowList;
import ai.citadel.model.workflow.WorkflowStatusResponse;
import ai.citadel.orchestration.service.workflow.WorkflowService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
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

/** The workflow API (docs/orchestration.md#api). */
@Path("/api/v1/workflows")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {

    private final WorkflowService workflows;
    private final WorkflowHttp http;
    private final SecurityIdentity identity;

    WorkflowResource(WorkflowService workflows, WorkflowHttp http, SecurityIdentity identity) {
        this.workflows = workflows;
        this.http = http;
        this.identity = identity;
    }

    /** 202 for a new workflow; 200 with the earlier one when the caller repeats an {@code idempotency_key}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<WorkflowAcceptedResponse>> submit(@Valid @NotNull WorkflowCreateRequest request) {
        return http.submit(request, identity);
    }

    @GET
    public Uni<WorkflowList> list(@QueryParam("status") String status, @QueryParam("limit") String limit,
                                  @QueryParam("cursor") String cursor) {
        return workflows.list(Callers.of(identity), status, limit, cursor);
    }

    @GET
    @Path("/{id}")
    public Uni<WorkflowStatusResponse> get(@PathParam("id") String id) {
        return workflows.get(id, Callers.of(identity));
    }

    @POST
    @Path("/{id}/cancel")
    public Uni<WorkflowStatusResponse> cancel(@PathParam("id") String id) {
        return workflows.cancel(id, Callers.of(identity));
    }

    /** Server-sent events; {@code Last-Event-ID} (or {@code ?after=}) resumes after the event of that id. */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Uni<Void> events(@PathParam("id") String id, @HeaderParam("Last-Event-ID") String lastEventId,
                            @QueryParam("after") String after, RoutingContext context) {
        return http.events(id, lastEventId != null ? lastEventId : after, identity, context);
    }
}
