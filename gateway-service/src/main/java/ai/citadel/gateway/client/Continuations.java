package ai.citadel.gateway.client;

import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chat requests that continue an answer another backend broke off (docs/gateway.md#stream-continuation): the
 * conversation plus the partial answer as a trailing assistant message, which the model continues rather than
 * answering anew, with the request's token limits less the tokens already sent.
 */
final class Continuations {

    /** What vLLM (and other servers on HF chat templates) need to continue the last message instead of starting one. */
    static final Map<String, JsonNode> OPENAI_CONTINUE = Map.of(
            "continue_final_message", BooleanNode.TRUE,
            "add_generation_prompt", BooleanNode.FALSE);

    private Continuations() {
    }

    /**
     * @param extra top-level fields the server needs besides: {@link #OPENAI_CONTINUE}, or none for Ollama, which
     *              continues a trailing assistant message by itself
     */
    static ChatCompletionRequest request(ChatCompletionRequest request, String partialAnswer, int tokensSent,
                                         Map<String, JsonNode> extra) {
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        messages.add(ChatMessage.assistant(partialAnswer));
        return new ChatCompletionRequest(request.model(), messages, request.tools(), request.toolChoice(),
                request.parallelToolCalls(), request.temperature(), request.topP(), request.n(),
                less(request.maxTokens(), tokensSent), less(request.maxCompletionTokens(), tokensSent),
                request.stop(), request.seed(), request.stream(), request.streamOptions(), request.responseFormat(),
                request.presencePenalty(), request.frequencyPenalty(), request.logitBias(), request.logprobs(),
                request.topLogprobs(), request.user(), extra);
    }

    /** A limit less what was used of it, at least 1 (a limit of 0 means none to some servers). */
    private static Integer less(Integer limit, int used) {
        return limit == null ? null : Math.max(1, limit - used);
    }
}
