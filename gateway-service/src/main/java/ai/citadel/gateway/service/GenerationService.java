package ai.citadel.gateway.service;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.client.GenerationEvent;
import ai.citadel.gateway.client.GenerationEvent.Finished;
import ai.citadel.gateway.client.GenerationEvent.Token;
import ai.citadel.gateway.client.GenerationEvent.ToolCallFragment;
import ai.citadel.gateway.config.GatewayConfig.ModelKind;
import ai.citadel.gateway.service.ModelCatalog.CatalogModel;
import ai.citadel.model.openai.AssistantMessage;
import ai.citadel.model.openai.ChatCompletion;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.ChatRole;
import ai.citadel.model.openai.CompletionRequest;
import ai.citadel.model.openai.CompletionResponse;
import ai.citadel.model.openai.StreamOptions;
import ai.citadel.model.openai.ToolCall;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Chat and legacy completions: resolves the model, routes to a backend, assembles non-streaming answers. */
@ApplicationScoped
public class GenerationService {

    private final ModelCatalog catalog;
    private final BackendRouter router;
    private final GatewayMetrics metrics;

    public GenerationService(ModelCatalog catalog, BackendRouter router, GatewayMetrics metrics) {
        this.catalog = catalog;
        this.router = router;
        this.metrics = metrics;
    }

    public Uni<Generation> chat(ChatCompletionRequest request, String requestId) {
        rejectSeveralChoices(request.n());
        CatalogModel model = catalog.resolve(request.model(), ModelKind.CHAT);
        String id = "chatcmpl-" + randomId();
        long created = Instant.now().getEpochSecond();
        StreamFormat format = new ChatStreamFormat(id, created, model.name(), includeUsage(request.streamOptions()));
        return router.route(model, backend -> backend.chat(request, model.name(), requestId))
                .map(routed -> generation(id, created, model, routed, format));
    }

    public Uni<Generation> complete(CompletionRequest request, String requestId) {
        rejectSeveralChoices(request.n());
        CatalogModel model = catalog.resolve(request.model(), ModelKind.CHAT);
        String id = "cmpl-" + randomId();
        long created = Instant.now().getEpochSecond();
        StreamFormat format = new CompletionStreamFormat(id, created, model.name(),
                includeUsage(request.streamOptions()));
        return router.route(model, backend -> backend.complete(request, model.name(), requestId))
                .map(routed -> generation(id, created, model, routed, format));
    }

    private Generation generation(String id, long created, CatalogModel model, BackendRouter.Routed routed,
                                  StreamFormat format) {
        return new Generation(id, created, model.name(), routed.backend(), routed.events().invoke(event -> {
            if (event instanceof Finished end) {
                metrics.tokens(model.name(), Usages.of(end).promptTokens(), Usages.of(end).completionTokens());
            }
        }), format);
    }

    /** The whole answer of a generation: its text, tool calls and end. */
    public record Answer(String text, List<ToolCall> toolCalls, Finished finished) {
    }

    /** Waits for the backend to finish; a stream that breaks becomes a 502 for the client. */
    public Uni<Answer> answer(Generation generation) {
        return generation.events().collect().asList().map(events -> {
            StringBuilder text = new StringBuilder();
            ToolCallAssembler calls = new ToolCallAssembler();
            Finished finished = null;
            for (GenerationEvent event : events) {
                switch (event) {
                    case Token token -> text.append(token.text());
                    case ToolCallFragment fragment -> calls.add(fragment);
                    case Finished end -> finished = end;
                }
            }
            return new Answer(text.toString(), calls.toolCalls(), finished);
        }).onFailure().transform(failure -> failure instanceof ApiException ? failure
                : new ApiException(502, "backend_stream_broken", "Backend " + generation.backend()
                + " broke off the answer: " + failure.getMessage(), null));
    }

    /** The {@code chat.completion} body of an answer. */
    public ChatCompletion chatCompletion(Generation generation, Answer answer) {
        // as OpenAI: content is null when the model only called tools
        AssistantMessage message = answer.toolCalls().isEmpty() ? AssistantMessage.text(answer.text())
                : new AssistantMessage(ChatRole.ASSISTANT, answer.text().isEmpty() ? null : answer.text(), null,
                answer.toolCalls(), null);
        return ChatCompletion.of(generation.id(), generation.created(), generation.model(),
                List.of(ChatCompletion.Choice.of(0, message, answer.finished().finishReason())),
                Usages.of(answer.finished()));
    }

    /** The {@code text_completion} body of an answer. */
    public CompletionResponse completion(Generation generation, Answer answer) {
        return CompletionResponse.of(generation.id(), generation.created(), generation.model(),
                List.of(CompletionResponse.Choice.of(0, answer.text(), answer.finished().finishReason())),
                Usages.of(answer.finished()));
    }

    private static void rejectSeveralChoices(Integer n) {
        if (n != null && n > 1) {
            throw ApiException.badRequest("n > 1 is not supported: send one request per choice", "n");
        }
    }

    private static boolean includeUsage(StreamOptions options) {
        return options != null && Boolean.TRUE.equals(options.includeUsage());
    }

    private static String randomId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}
