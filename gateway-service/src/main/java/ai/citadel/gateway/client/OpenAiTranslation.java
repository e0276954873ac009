package ai.citadel.gateway.client;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import ai.citadel.model.openai.StreamOptions;

import java.util.Map;

/**
 * Requests and streams of OpenAI-compatible backends (vLLM, llama.cpp server). Requests pass through as the client
 * sent them, with these changes: the backend's model name; always {@code stream} with {@code include_usage}, because
 * the gateway assembles non-streaming answers from the stream itself and needs the token counts either way; and, as
 * for Ollama, no fields OpenAI's API does not name (vendor fields in {@code extra}) and images only as data URLs
 * ({@link ImageUrls}). Streams decode choice 0 only (the gateway rejects {@code n > 1}).
 */
public final class OpenAiTranslation {

    private OpenAiTranslation() {
    }

    /** @throws ApiException 400 naming the message whose image is not a data URL */
    public static ChatCompletionRequest toChatRequest(ChatCompletionRequest request, String backendModel) {
        ImageUrls.requireDataUrls(request.messages());
        return new ChatCompletionRequest(backendModel, request.messages(), request.tools(), request.toolChoice(),
                request.parallelToolCalls(), request.temperature(), request.topP(), request.n(),
                request.maxTokens(), request.maxCompletionTokens(), request.stop(), request.seed(),
                true, StreamOptions.withUsage(),
                request.responseFormat(), request.presencePenalty(), request.frequencyPenalty(),
                request.logitBias(), request.logprobs(), request.topLogprobs(), request.user(), Map.of());
    }

    public static CompletionRequest toCompletionRequest(CompletionRequest request, String backendModel) {
        return new CompletionRequest(backendModel, request.prompt(), request.suffix(), request.maxTokens(),
                request.temperature(), request.topP(), request.n(),
                true, StreamOptions.withUsage(),
                request.logprobs(), request.echo(), request.stop(), request.presencePenalty(),
                request.frequencyPenalty(), request.bestOf(), request.logitBias(), request.seed(), request.user(),
                Map.of());
    }

    /** Decodes the SSE body of {@code POST /v1/chat/completions}. */
    public static StreamDecoder chatDecoder() {
        return OpenAiStreamDecoder.forChat();
    }

    /** Decodes the SSE body of {@code POST /v1/completions}. */
    public static StreamDecoder completionDecoder() {
        return OpenAiStreamDecoder.forCompletion();
    }
}
