package ai.citadel.orchestration.service.step;

import ai.citadel.model.vector.VectorSearchRequest;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.client.EmbeddingServiceClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code vector_search}: {@code {collection, query | vector, limit?, filter?, model?}} → embedding-service's search
 * answer, {@code {collection, model, matches: [{id, score, metadata, text}]}} best first ({@code model} absent when
 * a vector was given).
 */
@ApplicationScoped
public class VectorSearchStep implements StepRunner {

    private final EmbeddingServiceClient embeddingService;
    private final ObjectMapper json;

    VectorSearchStep(EmbeddingServiceClient embeddingService, ObjectMapper json) {
        this.embeddingService = embeddingService;
        this.json = json;
    }

    @Override
    public WorkflowStepType type() {
        return WorkflowStepType.VECTOR_SEARCH;
    }

    @Override
    public Uni<JsonNode> run(ObjectNode params, StepContext context) {
        return Uni.createFrom().deferred(() -> {
            StepParams read = new StepParams(params, json);
            VectorSearchRequest request = new VectorSearchRequest(read.requiredText("collection"),
                    read.text("query").orElse(null), read.vector("vector").orElse(null),
                    read.integer("limit").orElse(null), read.object("filter").orElse(null),
                    read.text("model").orElse(null));
            if (!request.isQueryOrVectorPresent()) {
                throw StepFailure.invalidParam("query", "or 'vector' is required");
            }
            return embeddingService.search(request, context.requestId()).<JsonNode>map(json::valueToTree)
                    .onFailure().transform(failure -> StepFailures.of(EmbeddingServiceClient.NAME, failure));
        });
    }
}
