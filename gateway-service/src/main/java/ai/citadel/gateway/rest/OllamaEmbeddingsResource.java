package ai.citadel.gateway.rest;

import ai.citadel.commons.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.ollama.OllamaEmbeddingsRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Map;

/** Ollama's legacy embeddings shape, for Ollama clients pointed at the gateway: {@code {model, prompt} → {embedding}}. */
@Path("/api/embeddings")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLIENT, Roles.SERVICE})
@RateLimited
public class OllamaEmbeddingsResource {

    private final EmbeddingResponses responses;

    OllamaEmbeddingsResource(EmbeddingResponses responses) {
        this.responses = responses;
    }

    @POST
    @Operation(summary = "Embedding of one prompt in Ollama's legacy shape: {model, prompt} → {embedding}")
    public Uni<Void> embeddings(@Valid @NotNull OllamaEmbeddingsRequest request, RoutingContext context) {
        return responses.embed("/api/embeddings", request.model(), null, context, () -> {
            if (request.prompt().isEmpty()) {
                throw ApiException.badRequest("prompt must not be empty", "prompt");
            }
            return List.of(request.prompt());
        }, result -> Map.of("embedding", result.floats(0)));
    }
}
