package ai.citadel.orchestration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Copilot actions ({@code POST /api/v1/copilot/actions}, docs/orchestration.md#copilot-actions). */
@ConfigMapping(prefix = "citadel.copilot")
public interface CopilotConfig {

    /**
     * How long a call waits for its action's workflow; one still running then is answered {@code 202} with the
     * workflow to follow.
     */
    @WithDefault("60s")
    Duration waitFor();

    /** {@code analyze_document}: how much of the document (characters, from its start) the summary is asked of. */
    @WithDefault("12000")
    int summaryInputChars();
}
