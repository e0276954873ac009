package ai.citadel.orchestration.rest;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.copilot.CopilotActionList;
import ai.citadel.model.copilot.CopilotActionResult;
import ai.citadel.orchestration.service.copilot.CopilotActions;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

/** Copilot actions for CopilotKit front ends (docs/orchestration.md#copilot-actions). */
@Path("/api/v1/copilot/actions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class CopilotResource {

    private final CopilotActions actions;
    private final SecurityIdentity identity;

    CopilotResource(CopilotActions actions, SecurityIdentity identity) {
        this.actions = actions;
        this.identity = identity;
    }

    @GET
    public CopilotActionList list() {
        return actions.list();
    }

    /** 200 with the result; 202 when the action's workflow outlasted the wait, or for {@code execute_workflow}. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<CopilotActionResult>> run(JsonNode request) {
        if (request == null || !request.isObject()) {
            throw ApiException.badRequest("the body must be an object {type, …parameters}", "type");
        }
        return actions.run(request, Callers.of(identity)).map(result -> RestResponse.status(
                "completed".equals(result.status()) ? RestResponse.Status.OK : RestResponse.Status.ACCEPTED, result));
    }
}
