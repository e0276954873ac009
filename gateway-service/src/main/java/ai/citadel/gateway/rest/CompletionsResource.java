package ai.citadel.gateway.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.gateway.service.audit.GatewayCall;
import ai.citadel.gateway.service.cache.ResponseCache;
import ai.citadel.gateway.service.generation.Generation;
import ai.citadel.gateway.service.generation.GenerationService;
import ai.citadel.gateway.service.generation.StreamingProfiles;
import ai.citadel.gateway.service.generation.StreamingProfiles.NamedProfile;
import jakarta.annotation.security.RolesAllowed;
import ai.citadel.commons.rest.RequestIds;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * OpenAI-compatible chat and legacy completions, and the agent streaming profiles (docs/gateway.md#endpoints). Answers
 * are written straight to the connection: one JSON body, or server-sent events. Generations start deferred, so a
 * request the gateway rejects (unknown model …) is still counted and audited.
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces({MediaType.APPLICATION_JSON, "text/event-stream"})
@RolesAllowed({Roles.CLIENT, Roles.SERVICE})
@RateLimited
public class CompletionsResource {

    private final GenerationService generations;
    private final StreamingProfiles profiles;
    private final GenerationResponses responses;

    CompletionsResource(GenerationService generations, StreamingProfiles profiles, GenerationResponses responses) {
        this.generations = generations;
        this.profiles = profiles;
        this.responses = responses;
    }

    @POST
    @Path("/chat/completions")
    @Operation(summary = "Chat completion, streamed (SSE) when stream is true")
    public Uni<Void> chat(@Valid @NotNull ChatCompletionRequest request, RoutingContext context) {
        if (Boolean.TRUE.equals(request.stream())) {
            return streamChat("/v1/chat/completions", profiles.standard(), request, context);
        }
        GatewayCall call = responses.chatCall("/v1/chat/completions", null, request.model(), request.messages(),
                context);
        return responses.respond(call, profiles.standard(), context,
                Uni.createFrom().deferred(() -> startChat(request, context)), generations::answer,
                generations::chatCompletion);
    }

    @POST
    @Path("/completions")
    @Operation(summary = "Legacy text completion, streamed (SSE) when stream is true")
    public Uni<Void> complete(@Valid @NotNull CompletionRequest request, RoutingContext context) {
        if (Boolean.TRUE.equals(request.stream())) {
            NamedProfile profile = profiles.standard();
            return responses.stream(responses.completionCall("/v1/completions", profile, request.model(), context),
                    profile, context, Uni.createFrom().deferred(() -> startCompletion(request, context)));
        }
        return responses.respond(responses.completionCall("/v1/completions", null, request.model(), context),
                profiles.standard(), context, Uni.createFrom().deferred(() -> startCompletion(request, context)),
                generations::answer, generations::completion);
    }

    @POST
    @Path("/voice/chat/completions")
    @Operation(summary = "Chat for voice agents: always streamed, one token per event, 30 s limit")
    public Uni<Void> voice(@Valid @NotNull ChatCompletionRequest request, RoutingContext context) {
        return streamChat("/v1/voice/chat/completions", profiles.named("voice"), request, context);
    }

    @POST
    @Path("/copilot/completions")
    @Operation(summary = "Chat for IDE copilots: always streamed, up to 5 tokens per event, 60 s limit")
    public Uni<Void> copilot(@Valid @NotNull ChatCompletionRequest request, RoutingContext context) {
        return streamChat("/v1/copilot/completions", profiles.named("copilot"), request, context);
    }

    @POST
    @Path("/gui/chat/completions")
    @Operation(summary = "Chat for chat UIs: always streamed, up to 10 tokens per event, 120 s limit")
    public Uni<Void> gui(@Valid @NotNull ChatCompletionRequest request, RoutingContext context) {
        return streamChat("/v1/gui/chat/completions", profiles.named("gui"), request, context);
    }

    @POST
    @Path("/agents/stream")
    @Operation(summary = "Chat streamed under the configured profile named by agent_type")
    public Uni<Void> agent(@QueryParam("agent_type") String agentType,
                           @Valid @NotNull ChatCompletionRequest request, RoutingContext context) {
        return streamChat("/v1/agents/stream", profiles.named(agentType), request, context);
    }

    private Uni<Void> streamChat(String endpoint, NamedProfile profile, ChatCompletionRequest request,
                                 RoutingContext context) {
        GatewayCall call = responses.chatCall(endpoint, profile, request.model(), request.messages(), context);
        return responses.stream(call, profile, context,
                Uni.createFrom().deferred(() -> startChat(request, context)));
    }

    private Uni<Generation> startChat(ChatCompletionRequest request, RoutingContext context) {
        return generations.chat(request, RequestIds.of(context), cacheHeader(context), ApiKeyFilter.keyId(context));
    }

    private Uni<Generation> startCompletion(CompletionRequest request, RoutingContext context) {
        return generations.complete(request, RequestIds.of(context), cacheHeader(context),
                ApiKeyFilter.keyId(context));
    }

    private static String cacheHeader(RoutingContext context) {
        return context.request().getHeader(ResponseCache.HEADER);
    }
}
