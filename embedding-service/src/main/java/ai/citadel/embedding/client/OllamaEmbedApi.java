package ai.citadel.embedding.client;

import ai.citadel.model.ollama.OllamaEmbedRequest;
import ai.citadel.model.ollama.OllamaEmbedResponse;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Ollama's embedding API; one instance per host, built by {@link OllamaClient}. */
@RegisterRestClient
@Path("/api")
interface OllamaEmbedApi {

    @POST
    @Path("/embed")
    OllamaEmbedResponse embed(OllamaEmbedRequest request);
}
