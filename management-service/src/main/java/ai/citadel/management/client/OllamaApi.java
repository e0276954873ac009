package ai.citadel.management.client;

import ai.citadel.commons.rest.RequestIds;
import ai.citadel.model.ollama.OllamaDeleteRequest;
import ai.citadel.model.ollama.OllamaProgress;
import ai.citadel.model.ollama.OllamaPsResponse;
import ai.citadel.model.ollama.OllamaPullRequest;
import ai.citadel.model.ollama.OllamaShowRequest;
import ai.citadel.model.ollama.OllamaShowResponse;
import ai.citadel.model.ollama.OllamaTagsResponse;
import ai.citadel.model.ollama.OllamaVersionResponse;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Ollama's model lifecycle API (its docs/api.md), one instance per host, built by {@link OllamaHosts}. Model servers
 * get no Citadel credential.
 */
@Path("/api")
@Consumes(MediaType.APPLICATION_JSON)
interface OllamaApi {

    @GET
    @Path("/tags")
    Uni<OllamaTagsResponse> tags(@HeaderParam(RequestIds.HEADER) String requestId);

    @GET
    @Path("/ps")
    Uni<OllamaPsResponse> ps(@HeaderParam(RequestIds.HEADER) String requestId);

    @GET
    @Path("/version")
    Uni<OllamaVersionResponse> version(@HeaderParam(RequestIds.HEADER) String requestId);

    @POST
    @Path("/show")
    Uni<OllamaShowResponse> show(@HeaderParam(RequestIds.HEADER) String requestId, OllamaShowRequest request);

    /** 200 with an empty body; 404 when the host does not have the model. */
    @DELETE
    @Path("/delete")
    Uni<Void> delete(@HeaderParam(RequestIds.HEADER) String requestId, OllamaDeleteRequest request);

    /** The NDJSON progress records, the last {@code success}; a failure after the start is an {@code error} record. */
    @POST
    @Path("/pull")
    @Produces("application/x-ndjson")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    Multi<OllamaProgress> pull(@HeaderParam(RequestIds.HEADER) String requestId, OllamaPullRequest request);

    /** Any error answer, Ollama's {@code {"error":"…"}} read. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return OllamaHttpException.of(response.getStatus(), response.readEntity(String.class));
    }
}
