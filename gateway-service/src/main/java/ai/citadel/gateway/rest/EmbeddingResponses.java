package ai.citadel.gateway.rest;

import ai.citadel.commons.rest.RequestIds;
import ai.citadel.gateway.service.audit.GatewayCall;
import ai.citadel.gateway.service.cache.ResponseCache;
import ai.citadel.gateway.service.embeddings.EmbeddingService;
import ai.citadel.gateway.service.embeddings.EmbeddingService.Embeddings;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the two embeddings endpoints share: running the call through {@link EmbeddingService}, and
 * answering, auditing and charging it through {@link GenerationResponses}.
 */
@ApplicationScoped
class EmbeddingResponses {

    private final EmbeddingService embeddings;
    private final GenerationResponses responses;

    EmbeddingResponses(EmbeddingService embeddings, GenerationResponses responses) {
        this.embeddings = embeddings;
        this.responses = responses;
    }

    /** Input errors are found inside the deferred call, so that rejected requests are audited too. */
    Uni<Void> embed(String endpoint, String model, Integer dimensions, RoutingContext context,
                            Supplier<List<String>> texts, Function<Embeddings, Object> body) {
        GatewayCall call = responses.completionCall(endpoint, null, embeddings.resolveModel(model), context);
        return responses.respondEmbeddings(call, context, Uni.createFrom().deferred(() -> embeddings.embed(model,
                texts.get(), dimensions, context.request().getHeader(ResponseCache.HEADER), RequestIds.of(context))),
                body);
    }
}
