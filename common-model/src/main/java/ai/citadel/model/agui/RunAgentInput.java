package ai.citadel.model.agui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import java.util.List;

/**
 * AG-UI run request, the body of {@code POST /api/v1/agui} and {@code /api/v1/agui/{agent}}.
 *
 * @param threadId       conversation thread
 * @param runId          this run
 * @param parentRunId    the run this one continues, if any
 * @param state          the front end's shared state (any JSON)
 * @param messages       the conversation so far
 * @param tools          front-end tools the agent may call
 * @param context        extra context from the front end
 * @param forwardedProps anything else the front end passes through (any JSON)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunAgentInput(
        @NotBlank String threadId,
        @NotBlank String runId,
        String parentRunId,
        JsonNode state,
        List<@Valid AgUiMessage> messages,
        List<@Valid AgUiTool> tools,
        List<AgUiContext> context,
        JsonNode forwardedProps) {
}
