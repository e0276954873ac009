package ai.citadel.gateway.client;

import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;

import java.util.Map;

/** How one kind of model server spells chat, completions and its health probe. */
enum BackendDialect {

    /** Ollama's native API: {@code /api/chat}, {@code /api/generate}, NDJSON streams, translated both ways. */
    OLLAMA("api/chat", "api/generate", "api/tags") {
        @Override
        Object chatRequest(ChatCompletionRequest request, String model) {
            return OllamaTranslation.toChatRequest(request, model);
        }

        @Override
        StreamDecoder chatDecoder() {
            return OllamaTranslation.chatDecoder();
        }

        @Override
        Object continuationRequest(ChatCompletionRequest request, String partialAnswer, int tokensSent,
                                   String model) {
            return OllamaTranslation.toChatRequest(Continuations.request(request, partialAnswer, tokensSent,
                    Map.of()), model);
        }

        @Override
        Object completionRequest(CompletionRequest request, String model) {
            return OllamaTranslation.toGenerateRequest(request, model);
        }

        @Override
        StreamDecoder completionDecoder() {
            return OllamaTranslation.generateDecoder();
        }
    },

    /** An OpenAI-compatible server (vLLM, llama.cpp server) whose URL is the API base, e.g. {@code http://host/v1}. */
    OPENAI("chat/completions", "completions", "models") {
        @Override
        Object chatRequest(ChatCompletionRequest request, String model) {
            return OpenAiTranslation.toChatRequest(request, model);
        }

        @Override
        StreamDecoder chatDecoder() {
            return OpenAiTranslation.chatDecoder();
        }

        @Override
        Object continuationRequest(ChatCompletionRequest request, String partialAnswer, int tokensSent,
                                   String model) {
            return Continuations.request(OpenAiTranslation.toChatRequest(request, model), partialAnswer, tokensSent,
                    Continuations.OPENAI_CONTINUE);
        }

        @Override
        Object completionRequest(CompletionRequest request, String model) {
            return OpenAiTranslation.toCompletionRequest(request, model);
        }

        @Override
        StreamDecoder completionDecoder() {
            return OpenAiTranslation.completionDecoder();
        }
    };

    final String chatPath;
    final String completionPath;
    final String probePath;

    BackendDialect(String chatPath, String completionPath, String probePath) {
        this.chatPath = chatPath;
        this.completionPath = completionPath;
        this.probePath = probePath;
    }

    abstract Object chatRequest(ChatCompletionRequest request, String model);

    abstract StreamDecoder chatDecoder();

    /** A chat request that continues {@code partialAnswer}, of which {@code tokensSent} tokens reached the client. */
    abstract Object continuationRequest(ChatCompletionRequest request, String partialAnswer, int tokensSent,
                                        String model);

    abstract Object completionRequest(CompletionRequest request, String model);

    abstract StreamDecoder completionDecoder();
}
