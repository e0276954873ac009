package ai.citadel.embedding.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Qdrant's REST API (collections and points), built by {@link QdrantClient}. */
@RegisterRestClient
@Path("/collections/{name}")
interface QdrantApi {

    @PUT
    Uni<JsonNode> createCollection(@PathParam("name") String name, JsonNode body);

    @PUT
    @Path("/points")
    Uni<JsonNode> upsert(@PathParam("name") String name, @QueryParam("wait") boolean wait, JsonNode body);

    @POST
    @Path("/points/delete")
    Uni<JsonNode> delete(@PathParam("name") String name, @QueryParam("wait") boolean wait, JsonNode body);

    @POST
    @Path("/points/search")
    Uni<JsonNode> search(@PathParam("name") String name, JsonNode body);

    @GET
    @Path("/points/{id}")
    Uni<JsonNode> retrieve(@PathParam("name") String name, @PathParam("id") String id);
}
