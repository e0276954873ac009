package ai.citadel.gateway.rest;

import ai.citadel.commons.security.Roles;
import ai.citadel.gateway.service.audit.GatewayCall;
import ai.citadel.gateway.service.calls.GatewayCalls;
import ai.citadel.gateway.service.generation.Generation;
import ai.citadel.gateway.service.generation.GenerationService;
import ai.citadel.gateway.service.generation.StreamingProfiles;
import ai.citadel.gateway.service.generation.StreamingProfiles.NamedProfile;
import jakarta.annotation.security.RolesAllowed;
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
    private final GatewayCalls calls;
    private final GatewayHttp http;

    CompletionsResource(GenerationService generations, StreamingProfiles profiles, GatewayCalls calls,
                        GatewayHttp http) {
        this.generations = generations;
        this.profiles = profiles;
        this.calls = calls;
        this.http = http;
    }

    @POST
    @Path("/chat/completions")
    @Operation(summary = "Chat completion, streamed (SSE) when stream is true")
    public Uni<Void> chat(@Valid @NotNull ChatCompletionRequest request, RoutingContext context) {
        if (Boolean.TRUE.equals(request.stream())) {
            return streamChat("/v1/chat/completions", profiles.standard(), request, context);
        }
        GatewayCall call = http.chatCall("/v1/chat/completions", null, request.model(), request.messages(), context);
        return calls.answer(call, profiles.standard(), Uni.createFrom().deferred(() -> startChat(request, call, null,
                context)), generations::chatCompletion, http.answerTo(context));
    }

    @POST
    @Path("/completions")
    @Operation(summary = "Legacy text completion, streamed (SSE) when stream is true")
    public Uni<Void> complete(@Valid @NotNull CompletionRequest request, RoutingContext context) {
        NamedProfile profile = profiles.standard();
        if (Boolean.TRUE.equals(request.stream())) {
            GatewayCall call = http.call("/v1/completions", profile, request.model(), context);
            return calls.stream(call, profile, Uni.createFrom().deferred(() -> startCompletion(request, call,
                    profile, context)), http.streamTo(context, profile));
        }
        GatewayCall call = http.call("/v1/completions", null, request.model(), context);
        return calls.answer(call, profile, Uni.createFrom().deferred(() -> startCompletion(request, call, null,
                context)), generations::completion, http.answerTo(context));
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
        GatewayCall call = http.chatCall(endpoint, profile, request.model(), request.messages(), context);
        return calls.stream(call, profile, Uni.createFrom().deferred(() -> startChat(request, call, profile,
                context)), http.streamTo(context, profile));
    }

    /** @param streamed the profile the answer is streamed under; null when it is sent whole */
    private Uni<Generation> startChat(ChatCompletionRequest request, GatewayCall call, NamedProfile streamed,
                                      RoutingContext context) {
        return generations.chat(request, call, GatewayHttp.cacheHeader(context), streamed);
    }

    /** @param streamed the profile the answer is streamed under; null when it is sent whole */
    private Uni<Generation> startCompletion(CompletionRequest request, GatewayCall call, NamedProfile streamed,
                                            RoutingContext context) {
        return generations.complete(request, call, GatewayHttp.cacheHeader(context), streamed);
    }
}
