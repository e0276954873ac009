package ai.citadel.management.rest;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.security.Roles;
import ai.citadel.management.service.pulls.ModelPulls;
import ai.citadel.management.service.pulls.PullOperation;
import ai.citadel.model.management.Operation;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /management/operations/{id}}: a pull's progress, while it runs and for a while after. */
@Path("/management/operations")
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {

    private final ModelPulls pulls;

    OperationsResource(ModelPulls pulls) {
        this.pulls = pulls;
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @AdminAction(value = "operations.read", target = "id")
    public Operation operation(@PathParam("id") String id) {
        return pulls.find(id).map(PullOperation::snapshot).orElseThrow(() -> new ApiException(404,
                "operation_not_found", "No operation " + id + " on this replica (finished ones are kept for "
                + "citadel.operations.keep-finished)", "id"));
    }
}
