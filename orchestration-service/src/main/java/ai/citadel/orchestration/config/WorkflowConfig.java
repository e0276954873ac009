package ai.citadel.orchestration.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Workflow settings: what a submitted workflow may hold, and its steps' retries when a step names none. */
@ConfigMapping(prefix = "citadel.workflows")
public interface WorkflowConfig {

    /** Steps that run, in all: the children of parallel groups count, the groups themselves do not. */
    @WithDefault("64")
    int maxSteps();

    /** The {@code params} of all of a workflow's steps together, as compact JSON; beyond it, a 413. */
    @WithDefault("64K")
    MemorySize maxParamsSize();

    /** Retries of a step whose {@code retry} leaves them out. */
    Retry retry();

    interface Retry {
        /** Attempts in all, the first included. */
        @WithDefault("3")
        int maxAttempts();

        /** Wait before the first retry; each further retry waits twice as long, with jitter. */
        @WithDefault("500ms")
        Duration backoff();
    }
}
