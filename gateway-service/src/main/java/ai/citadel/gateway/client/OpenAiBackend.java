package ai.citadel.gateway.client;

import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;

/** An OpenAI-compatible server (vLLM, llama.cpp server); its URL is the API base, e.g. {@code http://host:8000/v1}. */
final class OpenAiBackend implements LlmBackend {

    private final String name;
    private final BackendHttp http;
    private final Duration probeTimeout;

    OpenAiBackend(String name, BackendHttp http, Duration probeTimeout) {
        this.name = name;
        this.http = http;
        this.probeTimeout = probeTimeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Multi<GenerationEvent> chat(ChatCompletionRequest request, String backendModel, String requestId) {
        return Multi.createFrom().deferred(() -> DecodedStream.of(
                http.postForLines("chat/completions", OpenAiTranslation.toChatRequest(request, backendModel),
                        requestId),
                OpenAiTranslation::chatDecoder));
    }

    @Override
    public Multi<GenerationEvent> complete(CompletionRequest request, String backendModel, String requestId) {
        return Multi.createFrom().deferred(() -> DecodedStream.of(
                http.postForLines("completions", OpenAiTranslation.toCompletionRequest(request, backendModel),
                        requestId),
                OpenAiTranslation::completionDecoder));
    }

    @Override
    public Uni<Void> probe() {
        return http.probe("models", probeTimeout);
    }

    @Override
    public void close() {
        http.close();
    }
}
