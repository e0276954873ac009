package ai.citadel.orchestration.rest;

import java.util.HashMap;
import java.util.Map;

/** The workflow engine's simulators, with the dependency checks on every second and readiness needing a gateway. */
public class StatusProfile extends WorkflowEngineProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("citadel.status.check-interval", "1s");
        config.put("citadel.status.readiness-requires", "postgresql,redis,gateway");
        return config;
    }
}
