package ai.citadel.embedding.rest;

import io.quarkus.security.Authenticated;
import ai.citadel.embedding.service.VectorService;
import ai.citadel.embedding.service.VectorWrite;
import ai.citadel.embedding.vector.WriteOutcome;
import ai.citadel.model.vector.VectorDeleteResponse;
import ai.citadel.model.vector.VectorSearchRequest;
import ai.citadel.model.vector.VectorSearchResponse;
import ai.citadel.model.vector.VectorStoreRequest;
import ai.citadel.model.vector.VectorUpdateRequest;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/** Vector store and search. */
@Path("/api/v1/vectors")
@Authenticated
public class VectorResource {

    private final VectorService vectors;

    public VectorResource(VectorService vectors) {
        this.vectors = vectors;
    }

    @POST
    @Path("/store")
    public Uni<Response> store(@Valid @NotNull VectorStoreRequest request) {
        return vectors.store(request).map(VectorResource::toResponse);
    }

    @POST
    @Path("/update")
    public Uni<Response> update(@Valid @NotNull VectorUpdateRequest request) {
        return vectors.update(request).map(VectorResource::toResponse);
    }

    /** 200 when the vector is in the store; 202 when it is queued durably until Qdrant is back. */
    private static Response toResponse(VectorWrite write) {
        return Response.status(write.outcome() == WriteOutcome.APPLIED ? 200 : 202).entity(write.response()).build();
    }

    @POST
    @Path("/search")
    public Uni<VectorSearchResponse> search(@Valid @NotNull VectorSearchRequest request) {
        return vectors.search(request);
    }

    @DELETE
    @Path("/{collection}/{id}")
    public Uni<VectorDeleteResponse> delete(@PathParam("collection") String collection, @PathParam("id") String id) {
        return vectors.delete(collection, id).replaceWith(new VectorDeleteResponse(true, collection, id));
    }

    /** The shape {@link VectorDeleteResponse} documents: {@code DELETE /api/v1/vectors/{id}?collection=…}. */
    @DELETE
    @Path("/{id}")
    public Uni<VectorDeleteResponse> deleteByQuery(@PathParam("id") String id,
            @QueryParam("collection") @NotBlank String collection) {
        return delete(collection, id);
    }
}
