package ai.citadel.gateway.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.gateway.service.routing.BackendRouter;
import ai.citadel.gateway.service.routing.BackendStatus;
import ai.citadel.gateway.service.routing.ModelCatalog;
import jakarta.annotation.security.RolesAllowed;
import ai.citadel.model.openai.ModelList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;

/**
 * {@code GET /v1/models}: the catalog in OpenAI's shape, each model with its aliases, its routing strategy and the
 * backends that serve it, with their weight and load now (extension fields OpenAI clients ignore).
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLIENT, Roles.SERVICE})
@RateLimited
public class ModelsResource {

    /** Catalog entries are configuration, not objects with a creation time; a fixed value keeps the list stable. */
    private static final long CREATED = 0;

    private final ModelCatalog catalog;
    private final BackendStatus status;
    private final BackendRouter router;

    ModelsResource(ModelCatalog catalog, BackendStatus status, BackendRouter router) {
        this.catalog = catalog;
        this.status = status;
        this.router = router;
    }

    @GET
    public ModelList list() {
        return ModelList.of(catalog.all().stream()
                .map(model -> new ModelList.Model(model.name(), "model", CREATED, "citadel", model.aliases(),
                        model.kind().name().toLowerCase(Locale.ROOT),
                        model.backends().stream()
                                .map(backend -> new ModelList.Backend(backend, status.looksHealthy(backend),
                                        router.weight(backend), router.inFlight(backend)))
                                .toList(), model.strategy().label()))
                .toList());
    }
}
