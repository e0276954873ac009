package ai.citadel.orchestration.client;

import ai.citadel.commons.rest.RequestIds;
import ai.citadel.model.embedding.EmbeddingBatchRequest;
import ai.citadel.model.embedding.EmbeddingBatchResponse;
import ai.citadel.model.embedding.EmbeddingGenerateRequest;
import ai.citadel.model.embedding.EmbeddingGenerateResponse;
import ai.citadel.model.vector.VectorSearchRequest;
import ai.citadel.model.vector.VectorSearchResponse;
import ai.citadel.model.vector.VectorStoreRequest;
import ai.citadel.model.vector.VectorStoreResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * embedding-service's embeddings and vector API (docs/embedding.md), called with the service token; wrapped by
 * {@link EmbeddingServiceClient}.
 */
@RegisterRestClient(configKey = "embedding-service")
@ClientHeaderParam(name = "Authorization", value = "{ai.citadel.commons.security.ServiceCredentials.authorization}",
        required = false)
@Path("/api/v1")
interface EmbeddingServiceApi {

    @POST
    @Path("/embeddings/generate")
    Uni<EmbeddingGenerateResponse> generate(@HeaderParam(RequestIds.HEADER) String requestId,
                                            EmbeddingGenerateRequest request);

    @POST
    @Path("/embeddings/batch")
    Uni<EmbeddingBatchResponse> batch(@HeaderParam(RequestIds.HEADER) String requestId,
                                      EmbeddingBatchRequest request);

    /** 200 when stored, 202 when queued until the vector store is back; the body is the same. */
    @POST
    @Path("/vectors/store")
    Uni<VectorStoreResponse> store(@HeaderParam(RequestIds.HEADER) String requestId, VectorStoreRequest request);

    @POST
    @Path("/vectors/search")
    Uni<VectorSearchResponse> search(@HeaderParam(RequestIds.HEADER) String requestId, VectorSearchRequest request);

    /** The service's models: the dependency check's call. */
    @GET
    @Path("/models")
    Uni<JsonNode> models();

    /** Any error answer, its envelope read, so a step fails with the service's own message. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return DependencyHttpException.of(response.getStatus(), response.readEntity(String.class));
    }
}
