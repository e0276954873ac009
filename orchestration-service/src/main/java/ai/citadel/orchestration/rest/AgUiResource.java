package ai.citadel.orchestration.rest;

import ai.citadel.commons.rest.EventStream;
import ai.citadel.model.agui.AgUiEvent;
import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.orchestration.service.agui.AgUiAgents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * The AG-UI protocol (docs/orchestration.md#ag-ui): a run is a POST of {@code RunAgentInput}, answered by a stream of
 * AG-UI events as server-sent events ({@code data:} lines of JSON), as the official clients expect.
 */
@Path("/api/v1/agui")
@Authenticated
public class AgUiResource {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final AgUiAgents agents;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    AgUiResource(AgUiAgents agents, SecurityIdentity identity, ObjectMapper json) {
        this.agents = agents;
        this.identity = identity;
        this.json = json;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Uni<Void> runDefault(@Valid @NotNull RunAgentInput input, RoutingContext context) {
        return run(AgUiAgents.DEFAULT_AGENT, input, context);
    }

    @POST
    @Path("/{agent}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Uni<Void> run(@PathParam("agent") String agent, @Valid @NotNull RunAgentInput input,
                         RoutingContext context) {
        Multi<AgUiEvent> events = agents.run(agent, input, Callers.of(identity));
        return EventStream.send(context, events, KEEP_ALIVE,
                event -> new EventStream.Event(null, null, write(event)),
                failure -> new EventStream.Event(null, null, write(AgUiEvent.RunError.of(
                        "the run broke off: " + failure.getMessage(), "internal_error"))));
    }

    private String write(AgUiEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
