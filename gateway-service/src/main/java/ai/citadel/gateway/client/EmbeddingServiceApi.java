package ai.citadel.gateway.client;

import ai.citadel.commons.rest.RequestIds;
import ai.citadel.model.openai.EmbeddingRequest;
import ai.citadel.model.openai.EmbeddingResponse;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * embedding-service's OpenAI-shaped endpoint (docs/embedding.md), called with the service token; wrapped by
 * {@link EmbeddingServiceClient}.
 */
@RegisterRestClient(configKey = "embedding-service")
@ClientHeaderParam(name = "Authorization", value = "{ai.citadel.commons.security.ServiceCredentials.authorization}",
        required = false)
@Path("/v1")
interface EmbeddingServiceApi {

    @POST
    @Path("/embeddings")
    Uni<EmbeddingResponse> embeddings(@HeaderParam(RequestIds.HEADER) String requestId, EmbeddingRequest request);

    /** Any error answer, its envelope read, so the gateway can pass the service's own message on. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return EmbeddingServiceException.of(response.getStatus(), response.readEntity(String.class));
    }
}
