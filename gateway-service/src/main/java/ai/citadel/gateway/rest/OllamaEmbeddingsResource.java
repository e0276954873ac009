package ai.citadel.gateway.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.gateway.service.audit.GatewayCall;
import ai.citadel.gateway.service.calls.GatewayCalls;
import ai.citadel.gateway.service.embeddings.EmbeddingService;
import ai.citadel.gateway.service.embeddings.EmbeddingService.Embeddings;
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

    private final EmbeddingService embeddings;
    private final GatewayCalls calls;
    private final GatewayHttp http;

    OllamaEmbeddingsResource(EmbeddingService embeddings, GatewayCalls calls, GatewayHttp http) {
        this.embeddings = embeddings;
        this.calls = calls;
        this.http = http;
    }

    @POST
    @Operation(summary = "Embedding of one prompt in Ollama's legacy shape: {model, prompt} → {embedding}")
    public Uni<Void> embeddings(@Valid @NotNull OllamaEmbeddingsRequest request, RoutingContext context) {
        GatewayCall call = http.call("/api/embeddings", null, embeddings.resolveModel(request.model()), context);
        // the prompt is checked inside the deferred call, so that rejected requests are audited too
        Uni<Embeddings> vector = Uni.createFrom().deferred(() -> {
            if (request.prompt().isEmpty()) {
                throw ApiException.badRequest("prompt must not be empty", "prompt");
            }
            return embeddings.embed(request.model(), List.of(request.prompt()), null, GatewayHttp.cacheHeader(context),
                    call.requestId());
        });
        return calls.embeddings(call, vector, result -> Map.of("embedding", result.floats(0)),
                http.embeddingsTo(context));
    }
}
