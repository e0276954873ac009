package ai.citadel.gateway.rest;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.rest.RequestIds;
import ai.citadel.gateway.service.EmbeddingService;
import ai.citadel.gateway.service.EmbeddingService.Embeddings;
import ai.citadel.gateway.service.GatewayCall;
import ai.citadel.gateway.service.ResponseCache;
import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the two embeddings endpoints share: reading the input, running the call through {@link EmbeddingService}, and
 * answering, auditing and charging it through {@link GenerationResponses}.
 */
@ApplicationScoped
class EmbeddingResponses {

    /** OpenAI's limit of inputs per request. */
    static final int MAX_INPUTS = 2048;

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

    /** A string or an array of strings; token-id arrays name a tokenizer Citadel's models do not share. */
    static List<String> texts(JsonNode input) {
        if (input.isTextual()) {
            return nonEmpty(List.of(input.asText()));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw ApiException.badRequest("input must be a non-empty string or a non-empty array of strings", "input");
        }
        if (input.size() > MAX_INPUTS) {
            throw ApiException.badRequest("input has " + input.size() + " items; at most " + MAX_INPUTS
                    + " per request", "input");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            if (!item.isTextual()) {
                throw ApiException.badRequest("input must be text: token-id arrays are not supported, since the "
                        + "embedding models do not share a tokenizer; send the strings", "input");
            }
            texts.add(item.asText());
        }
        return nonEmpty(texts);
    }

    private static List<String> nonEmpty(List<String> texts) {
        if (texts.stream().anyMatch(String::isEmpty)) {
            throw ApiException.badRequest("input must not contain empty strings", "input");
        }
        return texts;
    }
}
