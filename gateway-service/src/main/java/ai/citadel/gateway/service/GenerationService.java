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
import java.util.TreeMap;
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

    /** The whole {@code chat.completion}, once the backend finished. */
    public Uni<ChatCompletion> chatCompletion(Generation generation) {
        return collect(generation).map(result -> {
            List<ToolCall> calls = result.toolCalls();
            // as OpenAI: content is null when the model only called tools
            AssistantMessage message = calls.isEmpty() ? AssistantMessage.text(result.text())
                    : new AssistantMessage(ChatRole.ASSISTANT, result.text().isEmpty() ? null : result.text(), null,
                    calls, null);
            return ChatCompletion.of(generation.id(), generation.created(), generation.model(),
                    List.of(ChatCompletion.Choice.of(0, message, result.finished().finishReason())),
                    Usages.of(result.finished()));
        });
    }

    /** The whole {@code text_completion}, once the backend finished. */
    public Uni<CompletionResponse> completion(Generation generation) {
        return collect(generation).map(result -> CompletionResponse.of(generation.id(), generation.created(),
                generation.model(), List.of(CompletionResponse.Choice.of(0, result.text(),
                        result.finished().finishReason())), Usages.of(result.finished())));
    }

    private record Collected(String text, List<ToolCall> toolCalls, Finished finished) {
    }

    private Uni<Collected> collect(Generation generation) {
        return generation.events().collect().asList().map(events -> {
            StringBuilder text = new StringBuilder();
            TreeMap<Integer, ToolCallBuilder> calls = new TreeMap<>();
            Finished finished = null;
            for (GenerationEvent event : events) {
                switch (event) {
                    case Token token -> text.append(token.text());
                    case ToolCallFragment fragment ->
                            calls.computeIfAbsent(fragment.index(), i -> new ToolCallBuilder()).add(fragment);
                    case Finished end -> finished = end;
                }
            }
            return new Collected(text.toString(), calls.values().stream().map(ToolCallBuilder::build).toList(),
                    finished);
        }).onFailure().transform(failure -> failure instanceof ApiException ? failure
                : new ApiException(502, "backend_stream_broken", "Backend " + generation.backend()
                + " broke off the answer: " + failure.getMessage(), null));
    }

    /** Joins the fragments of one streamed tool call. */
    private static final class ToolCallBuilder {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void add(ToolCallFragment fragment) {
            if (fragment.id() != null) {
                id = fragment.id();
            }
            if (fragment.name() != null) {
                name = fragment.name();
            }
            if (fragment.arguments() != null) {
                arguments.append(fragment.arguments());
            }
        }

        ToolCall build() {
            return ToolCall.function(id, name, arguments.toString());
        }
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
