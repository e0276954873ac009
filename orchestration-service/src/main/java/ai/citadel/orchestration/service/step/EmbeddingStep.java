package ai.citadel.orchestration.service.step;

import ai.citadel.model.embedding.EmbeddingBatchRequest;
import ai.citadel.model.embedding.EmbeddingGenerateRequest;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.client.EmbeddingServiceClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/**
 * {@code embedding}: {@code {text}} or {@code {texts: [...]}}, optional {@code model} →
 * {@code {model, dimensions, embeddings: [[…], …]}}, one vector per text in order (one for {@code text}).
 */
@ApplicationScoped
public class EmbeddingStep implements StepRunner {

    private final EmbeddingServiceClient embeddingService;
    private final ObjectMapper json;

    EmbeddingStep(EmbeddingServiceClient embeddingService, ObjectMapper json) {
        this.embeddingService = embeddingService;
        this.json = json;
    }

    @Override
    public WorkflowStepType type() {
        return WorkflowStepType.EMBEDDING;
    }

    @Override
    public Uni<JsonNode> run(ObjectNode params, StepContext context) {
        return Uni.createFrom().deferred(() -> embed(new StepParams(params, json), context));
    }

    private Uni<JsonNode> embed(StepParams read, StepContext context) {
        Optional<String> text = read.text("text");
        Optional<List<String>> texts = read.texts("texts");
        if (text.isPresent() && texts.isPresent()) {
            throw StepFailure.invalidParam("texts", "cannot come with 'text': give one of them");
        }
        if (text.isEmpty() && texts.isEmpty()) {
            throw StepFailure.invalidParam("text", "(or 'texts') is required");
        }
        String model = read.text("model").orElse(null);
        Uni<Output> output = text.isPresent()
                ? embeddingService.generate(EmbeddingGenerateRequest.of(text.get(), model), context.requestId())
                        .map(response -> new Output(response.model(), response.dimensions(),
                                List.of(response.embedding())))
                : embeddingService.batch(EmbeddingBatchRequest.of(texts.get(), model), context.requestId())
                        .map(response -> new Output(response.model(), response.dimensions(), response.embeddings()));
        return output.<JsonNode>map(json::valueToTree)
                .onFailure().transform(failure -> StepFailures.of(EmbeddingServiceClient.NAME, failure));
    }

    /** The step's output. */
    record Output(String model, int dimensions, List<float[]> embeddings) {
    }
}
