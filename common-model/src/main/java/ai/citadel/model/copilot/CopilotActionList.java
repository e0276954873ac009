package ai.citadel.model.copilot;

import java.util.List;

/** {@code GET /api/v1/copilot/actions}. */
public record CopilotActionList(List<CopilotAction> actions) {
}
