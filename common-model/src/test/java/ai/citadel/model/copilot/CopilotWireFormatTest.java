package ai.citadel.model.copilot;

import ai.citadel.model.WireJson;
import org.junit.jupiter.api.Test;

import static ai.citadel.model.WireJson.write;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Copilot actions ({@code /api/v1/copilot/actions}). */
class CopilotWireFormatTest {

    @Test
    void theActionListRoundTrips() {
        WireJson.assertRoundTrip("copilot/action-list.json", CopilotActionList.class);
    }

    @Test
    void aResultRoundTrips() {
        WireJson.assertRoundTrip("copilot/action-result.json", CopilotActionResult.class);
    }

    @Test
    void aRunningActionHasNoResultField() {
        assertEquals("{\"type\":\"analyze_document\",\"status\":\"running\",\"workflow_id\":\"w1\"}",
                write(new CopilotActionResult("analyze_document", "running", "w1", null)));
    }
}
