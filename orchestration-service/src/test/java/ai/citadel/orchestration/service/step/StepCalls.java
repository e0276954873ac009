package ai.citadel.orchestration.service.step;

import ai.citadel.model.workflow.WorkflowStepType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs steps the way the engine does, and waits for what the simulators see. */
final class StepCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final StepRunners runners;
    private final WorkflowStepType type;
    /** The tokens of the last step run through {@link #run}. */
    final List<String> tokens = new CopyOnWriteArrayList<>();

    StepCalls(StepRunners runners, WorkflowStepType type) {
        this.runners = runners;
        this.type = type;
    }

    JsonNode run(String params) {
        return start(params, "wf-1", "step", 1).await().atMost(PATIENCE);
    }

    StepFailure failure(String params) {
        return assertThrows(StepFailure.class, () -> run(params));
    }

    Uni<JsonNode> start(String params, String workflowId, String stepId, int attempt) {
        tokens.clear();
        return runners.run(type, object(params), new StepContext(workflowId, stepId, attempt, tokens::add));
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("waited 10 s for: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
