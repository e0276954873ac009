package ai.citadel.orchestration.service.agui;

import ai.citadel.model.agui.AgUiEvent;
import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.orchestration.domain.Caller;
import io.smallrye.mutiny.Multi;

/** An agent AG-UI front ends can run ({@code POST /api/v1/agui/{name}}). */
interface AgUiAgent {

    String name();

    /**
     * The run's events, from {@code RUN_STARTED} to {@code RUN_FINISHED} or {@code RUN_ERROR}; a failure is told by
     * the last event, never by failing the stream. Cancelling the stream (the client left) stops the run.
     */
    Multi<AgUiEvent> run(RunAgentInput input, Caller caller);
}
