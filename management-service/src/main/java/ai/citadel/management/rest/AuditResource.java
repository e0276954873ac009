package ai.citadel.management.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.management.service.audit.AdminAudit;
import ai.citadel.model.management.AuditPage;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /management/audit}: the admin audit, newest first (docs/management.md#audit). */
@Path("/management/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AdminAudit audit;

    AuditResource(AdminAudit audit) {
        this.audit = audit;
    }

    /**
     * @param limit  rows per page, 1 to 500 (default 50)
     * @param cursor the {@code next_cursor} of the page before
     */
    @GET
    @RolesAllowed(Roles.ADMIN)
    @AdminAction("audit.read")
    public Uni<AuditPage> read(@QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        return audit.page(limit, cursor);
    }
}
