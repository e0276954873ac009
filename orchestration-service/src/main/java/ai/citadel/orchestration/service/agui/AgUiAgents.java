package ai.citadel.orchestration.service.agui;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.agui.AgUiEvent;
import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.orchestration.domain.Caller;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Map;
import java.util.TreeMap;

/** The agents AG-UI front ends can run, by name (docs/orchestration.md#ag-ui). */
@ApplicationScoped
public class AgUiAgents {

    /** The agent of {@code POST /api/v1/agui}. */
    public static final String DEFAULT_AGENT = "chat";

    private final Map<String, AgUiAgent> agents = new TreeMap<>();

    AgUiAgents(Instance<AgUiAgent> agents) {
        agents.forEach(agent -> this.agents.put(agent.name(), agent));
    }

    /**
     * Starts a run of {@code agent}. A run that cannot start (unknown agent, a setting or message it cannot use) is
     * refused here, before any event; once started, a run tells its failure in its last event.
     */
    public Multi<AgUiEvent> run(String agent, RunAgentInput input, Caller caller) {
        AgUiAgent found = agents.get(agent);
        if (found == null) {
            throw new ApiException(404, "agent_not_found", "no agent '" + agent + "'; the agents are "
                    + String.join(", ", agents.keySet()), null);
        }
        return found.run(input, caller);
    }
}
