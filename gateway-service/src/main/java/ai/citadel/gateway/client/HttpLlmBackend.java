package ai.citadel.gateway.client;

import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.time.Duration;

/** A model server reached over HTTP, speaking its {@link BackendDialect}. */
final class HttpLlmBackend implements LlmBackend {

    private final String name;
    private final BackendHttp http;
    private final BackendDialect dialect;
    private final Duration probeTimeout;

    HttpLlmBackend(String name, BackendHttp http, BackendDialect dialect, Duration probeTimeout) {
        this.name = name;
        this.http = http;
        this.dialect = dialect;
        this.probeTimeout = probeTimeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Multi<GenerationEvent> chat(ChatCompletionRequest request, String backendModel, String requestId) {
        return Multi.createFrom().deferred(() -> DecodedStream.of(
                http.postForLines(dialect.chatPath, dialect.chatRequest(request, backendModel), requestId),
                dialect::chatDecoder));
    }

    @Override
    public Multi<GenerationEvent> continueChat(ChatCompletionRequest request, String partialAnswer, int tokensSent,
                                               String backendModel, String requestId) {
        return Multi.createFrom().deferred(() -> DecodedStream.of(
                http.postForLines(dialect.chatPath, dialect.continuationRequest(request, partialAnswer, tokensSent,
                        backendModel), requestId),
                dialect::chatDecoder));
    }

    @Override
    public Multi<GenerationEvent> complete(CompletionRequest request, String backendModel, String requestId) {
        return Multi.createFrom().deferred(() -> DecodedStream.of(
                http.postForLines(dialect.completionPath, dialect.completionRequest(request, backendModel),
                        requestId),
                dialect::completionDecoder));
    }

    @Override
    public Uni<Void> probe() {
        return http.probe(dialect.probePath, probeTimeout);
    }

    @Override
    public void close() {
        http.close();
    }
}
