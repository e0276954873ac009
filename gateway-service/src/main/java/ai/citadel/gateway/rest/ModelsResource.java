package ai.citadel.gateway.rest;

import ai.citadel.gateway.service.ModelCatalog;
import ai.citadel.model.openai.ModelList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /v1/models}: the catalog in OpenAI's shape. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelsResource {

    /** Catalog entries are configuration, not objects with a creation time; a fixed value keeps the list stable. */
    private static final long CREATED = 0;

    private final ModelCatalog catalog;

    ModelsResource(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    public ModelList list() {
        return ModelList.of(catalog.all().stream()
                .map(model -> ModelList.Model.of(model.name(), CREATED, "citadel"))
                .toList());
    }
}
