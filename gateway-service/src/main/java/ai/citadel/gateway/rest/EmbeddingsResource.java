package ai.citadel.gateway.rest;

import ai.citadel.commons.rest.EmbeddingInputs;
import ai.citadel.commons.security.Roles;
import ai.citadel.gateway.service.audit.GatewayCall;
import ai.citadel.gateway.service.calls.GatewayCalls;
import ai.citadel.gateway.service.embeddings.EmbeddingService;
import ai.citadel.gateway.service.embeddings.EmbeddingService.Embeddings;
import jakarta.annotation.security.RolesAllowed;
import ai.citadel.model.openai.EmbeddingRequest;
import ai.citadel.model.openai.EmbeddingResponse;
import ai.citadel.model.openai.EmbeddingUsage;
import ai.citadel.model.openai.EmbeddingVector;
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

import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's embeddings (docs/gateway.md#embeddings), computed by embedding-service and cached per input. Like
 * generations, each call is audited and charged to the caller's key.
 */
@Path("/v1/embeddings")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CLIENT, Roles.SERVICE})
@RateLimited
public class EmbeddingsResource {

    private final EmbeddingService embeddings;
    private final GatewayCalls calls;
    private final GatewayHttp http;

    EmbeddingsResource(EmbeddingService embeddings, GatewayCalls calls, GatewayHttp http) {
        this.embeddings = embeddings;
        this.calls = calls;
        this.http = http;
    }

    @POST
    @Operation(summary = "Embeddings of a string or an array of strings, as floats or base64 (OpenAI)")
    public Uni<Void> embeddings(@Valid @NotNull EmbeddingRequest request, RoutingContext context) {
        boolean base64 = "base64".equals(request.encodingFormat());
        GatewayCall call = http.call("/v1/embeddings", null, embeddings.resolveModel(request.model()), context);
        // inputs are checked inside the deferred call, so that rejected requests are audited too
        Uni<Embeddings> vectors = Uni.createFrom().deferred(() -> embeddings.embed(request.model(),
                EmbeddingInputs.texts(request.input(), EmbeddingInputs.OPENAI_MAX_INPUTS), request.dimensions(),
                GatewayHttp.cacheHeader(context), call.requestId()));
        return calls.embeddings(call, vectors, result -> {
            List<EmbeddingResponse.Embedding> data = new ArrayList<>(result.vectors().size());
            for (int i = 0; i < result.vectors().size(); i++) {
                data.add(new EmbeddingResponse.Embedding("embedding", i, base64
                        ? EmbeddingVector.base64(result.base64(i)) : EmbeddingVector.of(result.floats(i))));
            }
            return EmbeddingResponse.of(result.model(), data, EmbeddingUsage.of(result.promptTokens()));
        }, http.embeddingsTo(context));
    }
}
