package ai.citadel.orchestration.client;

import ai.citadel.commons.rest.RequestIds;
import ai.citadel.model.openai.ChatCompletion;
import ai.citadel.model.openai.ChatCompletionRequest;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/**
 * A gateway's OpenAI chat completions and model list (docs/gateway.md), one client per configured gateway, built by
 * {@link GatewayClients}; the {@code Authorization} header is that gateway's ({@link GatewayClient}). Streamed answers
 * do not come through here but through a {@link ai.citadel.commons.http.StreamingHttpClient}, which can abort a
 * request whose answer has not started.
 */
@Path("/v1")
interface GatewayApi {

    @POST
    @Path("/chat/completions")
    Uni<ChatCompletion> complete(@HeaderParam("Authorization") String authorization,
                                 @HeaderParam(RequestIds.HEADER) String requestId, ChatCompletionRequest request);

    /** The models the gateway serves: the dependency check's call (it needs a working gateway and credential). */
    @GET
    @Path("/models")
    Uni<JsonNode> models(@HeaderParam("Authorization") String authorization);

    /** Any error answer, its envelope read, so a step fails with the gateway's own message. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return DependencyHttpException.of(response.getStatus(), response.readEntity(String.class));
    }
}
