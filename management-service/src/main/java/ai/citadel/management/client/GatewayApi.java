package ai.citadel.management.client;

import ai.citadel.commons.rest.RequestIds;
import ai.citadel.model.openai.ModelList;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** The gateway's catalog (docs/gateway.md), built by {@link GatewayCatalog}; the credential is the configured one. */
@Path("/v1/models")
interface GatewayApi {

    @GET
    Uni<ModelList> models(@HeaderParam("Authorization") String authorization,
                          @HeaderParam(RequestIds.HEADER) String requestId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return GatewayHttpException.of(response.getStatus(), response.readEntity(String.class));
    }
}
