package ai.citadel.orchestration.service.step;

import ai.citadel.model.vector.VectorStoreRequest;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.client.EmbeddingServiceClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * {@code vector_store}: {@code {collection, id?, text | vector, metadata?, model?}} → embedding-service's store
 * answer, {@code {success, collection, id, dimensions}}. Without an {@code id} the point's id is derived from the
 * workflow and step, so an attempt retried after a lost answer overwrites its point instead of adding a second.
 */
@ApplicationScoped
public class VectorStoreStep implements StepRunner {

    private final EmbeddingServiceClient embeddingService;
    private final ObjectMapper json;

    VectorStoreStep(EmbeddingServiceClient embeddingService, ObjectMapper json) {
        this.embeddingService = embeddingService;
        this.json = json;
    }

    @Override
    public WorkflowStepType type() {
        return WorkflowStepType.VECTOR_STORE;
    }

    @Override
    public Uni<JsonNode> run(ObjectNode params, StepContext context) {
        return Uni.createFrom().deferred(() -> {
            StepParams read = new StepParams(params, json);
            VectorStoreRequest request = new VectorStoreRequest(read.requiredText("collection"),
                    read.text("id").orElseGet(() -> pointId(context)), read.text("text").orElse(null),
                    read.vector("vector").orElse(null), read.object("metadata").orElse(null),
                    read.text("model").orElse(null));
            if (!request.isTextOrVectorPresent()) {
                throw StepFailure.invalidParam("text", "or 'vector' is required");
            }
            return embeddingService.store(request, context.requestId()).<JsonNode>map(json::valueToTree)
                    .onFailure().transform(failure -> StepFailures.of(EmbeddingServiceClient.NAME, failure));
        });
    }

    private static String pointId(StepContext context) {
        return UUID.nameUUIDFromBytes((context.workflowId() + "/" + context.stepId())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }
}
