package ai.citadel.gateway.service.generation;

import ai.citadel.commons.text.UniqueIds;
import ai.citadel.gateway.config.GatewayConfig.ModelKind;
import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.Token;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
import ai.citadel.gateway.service.audit.GatewayCall;
import ai.citadel.gateway.service.cache.ResponseCache;
import ai.citadel.gateway.service.generation.StreamingProfiles.NamedProfile;
import ai.citadel.gateway.service.metrics.GatewayMetrics;
import ai.citadel.gateway.service.routing.BackendRouter;
import ai.citadel.gateway.service.routing.ConversationAffinity;
import ai.citadel.gateway.service.routing.ModelCatalog;
import ai.citadel.gateway.service.routing.ModelCatalog.CatalogModel;
import ai.citadel.model.openai.AssistantMessage;
import ai.citadel.model.openai.ChatCompletion;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.ChatRole;
import ai.citadel.model.openai.CompletionRequest;
import ai.citadel.model.openai.CompletionResponse;
import ai.citadel.model.openai.StreamOptions;
import ai.citadel.model.openai.ToolCall;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Chat and legacy completions: resolves the model, answers from the response cache when it can, otherwise routes
 * to a backend (a chat to the backend of its conversation's last turn when it can, {@link ConversationAffinity});
 * assembles non-streaming answers and caches them.
 */
@ApplicationScoped
public class GenerationService {

    private final ModelCatalog catalog;
    private final BackendRouter router;
    private final ResponseCache cache;
    private final GatewayMetrics metrics;
    private final RequestLimits limits;
    private final ConversationAffinity affinity;

    public GenerationService(ModelCatalog catalog, BackendRouter router, ResponseCache cache,
                             GatewayMetrics metrics, RequestLimits limits, ConversationAffinity affinity) {
        this.catalog = catalog;
        this.router = router;
        this.affinity = affinity;
        this.cache = cache;
        this.metrics = metrics;
        this.limits = limits;
    }

    /**
     * @param call        the call, whose caller's cached answers it gets
     * @param cacheHeader the request's {@code X-Citadel-Cache} header, or null
     * @param streamed    the profile the answer is streamed under; null when it is sent whole
     */
    public Uni<Generation> chat(ChatCompletionRequest request, GatewayCall call, String cacheHeader,
                                NamedProfile streamed) {
        CatalogModel model = catalog.resolve(request.model(), ModelKind.CHAT);
        String requestId = call.requestId();
        UUID apiKeyId = call.apiKeyId();
        limits.check(request, model);
        String id = "chatcmpl-" + randomId();
        long created = Instant.now().getEpochSecond();
        StreamFormat format = new ChatStreamFormat(id, created, model.name(), includeUsage(request.streamOptions()));
        String cacheKey = cache.eligible(cacheHeader, request.temperature())
                ? cache.keyOf("chat", model.name(), request, apiKeyId) : null;
        ConversationAffinity.Keys turn = affinity.keysOf(call.conversationId(), call.continued(), apiKeyId,
                model.name(), request.messages());
        Optional<BackendRouter.Continuation> continuation = streamed != null
                && streamed.profile().continueBrokenStreams()
                ? Optional.of((backend, partialAnswer, tokensSent) -> backend.continueChat(request, partialAnswer,
                tokensSent, model.name(), requestId))
                : Optional.empty();
        return generate(id, created, model, format, cacheKey,
                () -> affinity.lastBackend(turn)
                        .chain(last -> router.route(model, backend -> backend.chat(request, model.name(), requestId),
                                streamed == null, last, continuation, call.tried()))
                        .invoke(routed -> affinity.answeredBy(turn, routed.backend()))
                        .map(routed -> followContinuations(turn, routed)));
    }

    /** A stream continued on another backend keeps the conversation on the backend that finished it. */
    private BackendRouter.Routed followContinuations(ConversationAffinity.Keys turn, BackendRouter.Routed routed) {
        return new BackendRouter.Routed(routed.backend(), routed.events().onCompletion().invoke(() -> {
            String finishedBy = routed.servedBy().getLast();
            if (!finishedBy.equals(routed.backend())) {
                affinity.answeredBy(turn, finishedBy);
            }
        }), routed.servedBy());
    }

    /** As {@link #chat}, for legacy completions. */
    public Uni<Generation> complete(CompletionRequest request, GatewayCall call, String cacheHeader,
                                    NamedProfile streamed) {
        CatalogModel model = catalog.resolve(request.model(), ModelKind.CHAT);
        String requestId = call.requestId();
        UUID apiKeyId = call.apiKeyId();
        limits.check(request, model);
        String id = "cmpl-" + randomId();
        long created = Instant.now().getEpochSecond();
        StreamFormat format = new CompletionStreamFormat(id, created, model.name(),
                includeUsage(request.streamOptions()));
        String cacheKey = cache.eligible(cacheHeader, request.temperature())
                ? cache.keyOf("completion", model.name(), request, apiKeyId) : null;
        return generate(id, created, model, format, cacheKey,
                () -> router.route(model, backend -> backend.complete(request, model.name(), requestId),
                        streamed == null, Optional.empty(), Optional.empty(), call.tried()));
    }

    private Uni<Generation> generate(String id, long created, CatalogModel model, StreamFormat format,
                                     String cacheKey, Supplier<Uni<BackendRouter.Routed>> route) {
        if (cacheKey == null) {
            cache.count(ResponseCache.Status.BYPASS);
            return route.get().map(routed -> fromBackend(id, created, model, routed, format, null,
                    ResponseCache.Status.BYPASS));
        }
        return cache.lookup(cacheKey).chain(cached -> {
            ResponseCache.Status status = cached.isPresent() ? ResponseCache.Status.HIT : ResponseCache.Status.MISS;
            cache.count(status);
            return cached.isPresent()
                    ? Uni.createFrom().item(fromCache(id, created, model, format, cached.get()))
                    : route.get().map(routed -> fromBackend(id, created, model, routed, format, cacheKey, status));
        });
    }

    private Generation fromBackend(String id, long created, CatalogModel model, BackendRouter.Routed routed,
                                   StreamFormat format, String cacheKey, ResponseCache.Status cacheStatus) {
        Multi<GenerationEvent> metered = routed.events().invoke(event -> {
            if (event instanceof Finished end) {
                metrics.tokens(model.name(), Usages.of(end).promptTokens(), Usages.of(end).completionTokens());
            }
        });
        return new Generation(id, created, model.name(), routed.backend(), routed.servedBy(), metered, format,
                cacheStatus, cacheKey);
    }

    /** A cached answer replayed as the events a backend would send, so streams re-chunk it under their profile. */
    private static Generation fromCache(String id, long created, CatalogModel model, StreamFormat format,
                                        ResponseCache.CachedAnswer answer) {
        List<GenerationEvent> events = new ArrayList<>();
        answer.tokens().forEach(token -> events.add(new Token(token)));
        for (int i = 0; i < answer.toolCalls().size(); i++) {
            ToolCall call = answer.toolCalls().get(i);
            events.add(new ToolCallFragment(i, call.id(), call.function().name(), call.function().arguments()));
        }
        events.add(new Finished(answer.finishReason(), answer.promptTokens(), answer.completionTokens()));
        return new Generation(id, created, model.name(), null, List.of(), Multi.createFrom().iterable(events),
                format, ResponseCache.Status.HIT, null);
    }

    /**
     * The whole answer of a generation: its tokens, tool calls and end.
     *
     * @param text the tokens joined, once: the response body and the audit record both need it
     */
    public record Answer(List<String> tokens, String text, List<ToolCall> toolCalls, Finished finished) {

        Answer(List<String> tokens, List<ToolCall> toolCalls, Finished finished) {
            this(tokens, String.join("", tokens), toolCalls, finished);
        }
    }

    /**
     * The whole answer of a generation routed for a whole answer: the router has read it to its end already (and
     * tried another backend if one broke off), so only collecting is left.
     */
    public Uni<Answer> answer(Generation generation) {
        return generation.events().collect().asList().map(events -> {
            List<String> tokens = new ArrayList<>();
            ToolCallAssembler calls = new ToolCallAssembler();
            Finished finished = null;
            for (GenerationEvent event : events) {
                switch (event) {
                    case Token token -> tokens.add(token.text());
                    case ToolCallFragment fragment -> calls.add(fragment);
                    case Finished end -> finished = end;
                }
            }
            Answer answer = new Answer(tokens, calls.toolCalls(), finished);
            if (generation.cacheKey() != null) {
                cache.store(generation.cacheKey(), new ResponseCache.CachedAnswer(answer.tokens(),
                        answer.toolCalls(), finished.finishReason(), finished.promptTokens(),
                        finished.completionTokens()));
            }
            return answer;
        });
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

    private static boolean includeUsage(StreamOptions options) {
        return options != null && Boolean.TRUE.equals(options.includeUsage());
    }

    private static String randomId() {
        return UniqueIds.uuid().toString().replace("-", "");
    }
}
