package ai.citadel.gateway.client;

import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * One model server, whatever its API. Every generation is streamed from the backend (the gateway assembles
 * non-streaming answers itself), so one code path serves both kinds of client request.
 */
public interface LlmBackend {

    String name();

    /**
     * @param backendModel the model's name on this backend (aliases already resolved)
     * @return a cold stream; fails with {@link BackendHttpException} on an error status, with
     * {@link BackendStreamException} when the stream breaks, or with the connection error
     */
    Multi<GenerationEvent> chat(ChatCompletionRequest request, String backendModel, String requestId);

    /**
     * Continues a chat answer another backend broke off: {@code partialAnswer} is what the client received of it
     * ({@code tokensSent} tokens), and this backend writes the rest. As {@link #chat}.
     */
    Multi<GenerationEvent> continueChat(ChatCompletionRequest request, String partialAnswer, int tokensSent,
                                        String backendModel, String requestId);

    /** Legacy completions; as {@link #chat}. */
    Multi<GenerationEvent> complete(CompletionRequest request, String backendModel, String requestId);

    /** A cheap request proving the server answers (never a generation). */
    Uni<Void> probe();

    void close();
}
