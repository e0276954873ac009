package ai.citadel.embedding.rest;

import io.quarkus.security.Authenticated;
import ai.citadel.embedding.service.EmbedOptions;
import ai.citadel.embedding.service.EmbeddingService;
import ai.citadel.embedding.service.InputLimits;
import ai.citadel.embedding.service.ModelCatalog;
import ai.citadel.model.embedding.EmbedRequest;
import ai.citadel.model.embedding.EmbedResponse;
import ai.citadel.model.embedding.EmbeddingBatchRequest;
import ai.citadel.model.embedding.EmbeddingBatchResponse;
import ai.citadel.model.embedding.EmbeddingGenerateRequest;
import ai.citadel.model.embedding.EmbeddingGenerateResponse;
import ai.citadel.model.embedding.EmbeddingModelInfo;
import ai.citadel.model.embedding.EmbeddingModelList;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;

/** Citadel's embedding API: one text, a batch, the seed shape, and the model list. */
@Path("/api/v1")
@Authenticated
public class EmbeddingResource {

    private final EmbeddingService embeddings;
    private final ModelCatalog catalog;
    private final InputLimits limits;

    public EmbeddingResource(EmbeddingService embeddings, ModelCatalog catalog, InputLimits limits) {
        this.embeddings = embeddings;
        this.catalog = catalog;
        this.limits = limits;
    }

    @POST
    @Path("/embeddings/generate")
    public Uni<EmbeddingGenerateResponse> generate(@Valid @NotNull EmbeddingGenerateRequest request) {
        EmbedOptions options = EmbedOptions.of(request.cacheEnabled(), request.allowFallback(), request.truncate(), null);
        return embeddings.embed(request.model(), List.of(limits.text(request.text(), "text", request.model())), options)
                .map(result -> EmbeddingGenerateResponse.of(result.model().name(), result.vectors().getFirst(),
                        result.cachedCount() == 1));
    }

    @POST
    @Path("/embeddings/batch")
    public Uni<EmbeddingBatchResponse> batch(@Valid @NotNull EmbeddingBatchRequest request) {
        EmbedOptions options = EmbedOptions.of(request.cacheEnabled(), request.allowFallback(), request.truncate(),
                request.batchSize());
        return embeddings.embed(request.model(), limits.texts(request.texts(), "texts", request.model()), options)
                .map(result -> new EmbeddingBatchResponse(true, result.model().name(), result.model().dimensions(),
                        result.vectors(), result.cachedCount()));
    }

    /** The seed's shape. */
    @POST
    @Path("/embed")
    public Uni<EmbedResponse> embed(@Valid @NotNull EmbedRequest request) {
        EmbedOptions options = EmbedOptions.of(request.cache(), null, null, null);
        return embeddings.embed(request.model(), List.of(limits.text(request.text(), "text", request.model())), options)
                .map(result -> new EmbedResponse(result.vectors().getFirst(), result.cachedCount() == 1));
    }

    @GET
    @Path("/models")
    public EmbeddingModelList models() {
        List<EmbeddingModelInfo> models = catalog.all().stream()
                .map(model -> new EmbeddingModelInfo(model.name(), model.dimensions(), model.maxContext(),
                        model.source(), embeddings.available(model)))
                .toList();
        return new EmbeddingModelList(models, catalog.defaultModel());
    }
}
