package ai.citadel.gateway.client;

import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;

/** An Ollama server on its native API: {@code /api/chat} and {@code /api/generate}, translated both ways. */
final class OllamaBackend implements LlmBackend {

    private final String name;
    private final BackendHttp http;
    private final Duration probeTimeout;

    OllamaBackend(String name, BackendHttp http, Duration probeTimeout) {
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
                http.postForLines("api/chat", OllamaTranslation.toChatRequest(request, backendModel), requestId),
                OllamaTranslation::chatDecoder));
    }

    @Override
    public Multi<GenerationEvent> complete(CompletionRequest request, String backendModel, String requestId) {
        return Multi.createFrom().deferred(() -> DecodedStream.of(
                http.postForLines("api/generate", OllamaTranslation.toGenerateRequest(request, backendModel),
                        requestId),
                OllamaTranslation::generateDecoder));
    }

    @Override
    public Uni<Void> probe() {
        return http.probe("api/tags", probeTimeout);
    }

    @Override
    public void close() {
        http.close();
    }
}
