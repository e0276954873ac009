package ai.citadel.orchestration.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;

/** The workflow engine's settings (docs/orchestration.md#settings). */
@ConfigMapping(prefix = "citadel.workflows")
public interface WorkflowConfig {

    Worker worker();

    Retry retry();

    Limits limits();

    Retention retention();

    Events events();

    /** How often the queue's depth and the workflows by status are counted (metrics, admission). */
    @WithDefault("5s")
    Duration monitorInterval();

    interface Worker {
        /** Steps this replica runs at once, all types together. */
        @WithDefault("32")
        int concurrency();

        /** Per step type ({@code llm_query}, {@code embedding} …), a lower cap than {@link #concurrency()}. */
        Map<String, Integer> typeConcurrency();

        /** How often an idle worker looks for ready steps (a NOTIFY wakes it at once when a step becomes ready). */
        @WithDefault("500ms")
        Duration pollInterval();

        /** How long a claimed step is held without renewal; after it, another replica takes the step over. */
        @WithDefault("30s")
        Duration lease();

        /** How often running steps' leases are renewed; well under {@link #lease()}. */
        @WithDefault("10s")
        Duration leaseRenewal();

        /** How often expired leases are looked for. */
        @WithDefault("5s")
        Duration rescueInterval();
    }

    /** Retries of a step whose {@code retry} leaves them out, and the cap on every step's wait. */
    interface Retry {
        /** Attempts in all, the first included. */
        @WithDefault("3")
        int maxAttempts();

        /** Wait before the first retry; each further retry waits twice as long, with jitter. */
        @WithDefault("500ms")
        Duration backoff();

        /** Cap on the wait between two attempts, however many came before. */
        @WithDefault("60s")
        Duration maxBackoff();
    }

    interface Limits {
        /** Steps that run, in all: the children of parallel groups count, the groups themselves do not. */
        @WithDefault("64")
        int maxSteps();

        /** The {@code params} of all of a workflow's steps together, as compact JSON; beyond it, a 413. */
        @WithDefault("64K")
        MemorySize maxParamsSize();

        /** Steps waiting or running in all, all replicas together; beyond, a submission is refused with 503. */
        @WithDefault("100000")
        int maxQueuedSteps();

        /** A step output larger than this (as JSON) fails the step: outputs are stored and sent to clients. */
        @WithDefault("1048576")
        int maxStepOutputBytes();

        /** Live progress subscribers (SSE and WebSocket) on this replica; beyond, a new one gets 503. */
        @WithDefault("1000")
        int maxSubscribers();

        /** Largest {@code limit} of {@code GET /api/v1/workflows}. */
        @WithDefault("100")
        int maxListLimit();
    }

    interface Retention {
        /** Finished workflows (and their steps and events) are deleted this long after they finished. */
        @WithDefault("7d")
        Duration keep();

        @WithDefault("10m")
        Duration interval();

        /** Workflows deleted per statement, so a large clean-up never holds locks long. */
        @WithDefault("500")
        int batchSize();
    }

    interface Events {
        /** Streamed model text is stored and pushed in pieces at most this far apart (fewer, larger events). */
        @WithDefault("100ms")
        Duration tokenFlushInterval();

        /** A live subscriber re-reads the feed this often even without a notification (a lost NOTIFY costs this). */
        @WithDefault("15s")
        Duration resyncInterval();
    }
}
