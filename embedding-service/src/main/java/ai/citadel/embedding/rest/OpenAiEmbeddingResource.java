package ai.citadel.embedding.rest;

import ai.citadel.commons.cache.Float32Vectors;
import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.text.TokenEstimates;
import io.quarkus.security.Authenticated;
import ai.citadel.embedding.service.EmbedOptions;
import ai.citadel.embedding.service.EmbeddingResult;
import ai.citadel.embedding.service.EmbeddingService;
import ai.citadel.embedding.service.InputLimits;
import ai.citadel.model.openai.EmbeddingRequest;
import ai.citadel.model.openai.EmbeddingResponse;
import ai.citadel.model.openai.EmbeddingUsage;
import ai.citadel.model.openai.EmbeddingVector;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** OpenAI's {@code POST /v1/embeddings}: a string or an array of strings; float or base64 vectors. */
@Path("/v1/embeddings")
@Authenticated
public class OpenAiEmbeddingResource {

    private final EmbeddingService embeddings;
    private final InputLimits limits;

    public OpenAiEmbeddingResource(EmbeddingService embeddings, InputLimits limits) {
        this.embeddings = embeddings;
        this.limits = limits;
    }

    @POST
    public Uni<EmbeddingResponse> embed(@Valid @NotNull EmbeddingRequest request) {
        List<String> texts = limits.openAiInput(request.input(), request.model());
        return embeddings.embed(request.model(), texts, EmbedOptions.DEFAULTS).map(result -> {
            if (request.dimensions() != null && request.dimensions() != result.model().dimensions()) {
                // bad_request: the code callers have always had here
                throw new ApiException(400, "bad_request", "model " + result.model().name() + " only gives "
                        + result.model().dimensions() + " dimensions", "dimensions");
            }
            return EmbeddingResponse.of(result.model().name(), data(result, "base64".equals(request.encodingFormat())),
                    EmbeddingUsage.of(TokenEstimates.of(texts)));
        });
    }

    private static List<EmbeddingResponse.Embedding> data(EmbeddingResult result, boolean base64) {
        List<EmbeddingResponse.Embedding> data = new ArrayList<>(result.vectors().size());
        for (int i = 0; i < result.vectors().size(); i++) {
            float[] vector = result.vectors().get(i);
            EmbeddingVector encoded = base64
                    ? EmbeddingVector.base64(Base64.getEncoder().encodeToString(Float32Vectors.toBytes(vector)))
                    : EmbeddingVector.of(vector);
            data.add(new EmbeddingResponse.Embedding("embedding", i, encoded));
        }
        return data;
    }
}
