package ai.citadel.gateway.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.gateway.repository.ApiKey;
import ai.citadel.gateway.service.security.ApiKeyService;
import ai.citadel.model.admin.ApiKeyInfo;
import ai.citadel.model.admin.ApiKeyList;
import ai.citadel.model.admin.CreateApiKeyRequest;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

/** Operators manage the gateway's API keys (docs/architecture.md#security-model); role {@code admin}: an OIDC token
 * carrying it, or the bootstrap admin token ({@code CITADEL_ADMIN_TOKEN}). */
@Path("/admin/api-keys")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
public class ApiKeysResource {

    private final ApiKeyService keys;
    private final SecurityIdentity identity;

    ApiKeysResource(ApiKeyService keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a key; the answer holds its secret, which is shown this once only")
    public Uni<Response> create(@Valid @NotNull CreateApiKeyRequest request, UriInfo uri) {
        return keys.create(request.name(), request.rpmLimit(), request.tpmLimit(), identity.getPrincipal().getName())
                .map(created -> Response.created(uri.getAbsolutePathBuilder().path(created.key().id().toString())
                                .build())
                        .entity(view(created.key(), created.secret()))
                        .build());
    }

    @GET
    @Operation(summary = "Every key, revoked ones included, newest first; never a secret")
    public Uni<ApiKeyList> list() {
        return keys.list().map(all -> new ApiKeyList(all.stream().map(key -> view(key, null)).toList()));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a key: refused at once on this gateway, within the key cache TTL on the others")
    public Uni<Response> revoke(@PathParam("id") UUID id) {
        return keys.revoke(id).map(revoked -> Response.noContent().build());
    }

    private static ApiKeyInfo view(ApiKey key, String secret) {
        return new ApiKeyInfo(key.id(), key.name(), secret, key.keyPrefix(), key.createdAt(), key.createdBy(),
                key.revokedAt(), key.rpmLimit(), key.tpmLimit(), key.lastUsedAt());
    }
}
