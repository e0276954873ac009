package ai.citadel.orchestration.client;

import ai.citadel.commons.rest.UpstreamErrors;
import ai.citadel.model.openai.AssistantMessage;
import ai.citadel.model.openai.ChatCompletion;
import ai.citadel.model.openai.ChatCompletionChunk;
import ai.citadel.model.openai.ChatRole;
import ai.citadel.model.openai.ToolCall;
import ai.citadel.model.openai.Usage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Reads an OpenAI chat completion stream, one SSE {@code data} at a time, into the completion it amounts to: the
 * content and tool-call deltas of the first choice are handed on as they come and put together; the last chunk's
 * {@code finish_reason} and the usage chunk are kept. The stream must end with {@code [DONE]}; an error event
 * (what a Citadel gateway sends when its backend breaks mid-stream) or an end without {@code [DONE]} is a
 * {@link StreamBrokenException}.
 */
final class StreamedCompletion {

    static final String DONE = "[DONE]";

    private final ObjectMapper json;
    private final StreamListener listener;
    private final StringBuilder content = new StringBuilder();
    private final SortedMap<Integer, ToolCallParts> toolCalls = new TreeMap<>();
    private String id;
    private long created;
    private String model;
    private String finishReason;
    private Usage usage;
    private boolean done;

    /** The pieces of one tool call so far. */
    private static final class ToolCallParts {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    StreamedCompletion(ObjectMapper json, StreamListener listener) {
        this.json = json;
        this.listener = listener;
    }

    void accept(String data) {
        if (done) {
            return;
        }
        if (data.strip().equals(DONE)) {
            done = true;
            return;
        }
        ChatCompletionChunk chunk;
        try {
            JsonNode event = json.readTree(data);
            if (event.has("error")) {
                throw new StreamBrokenException("the stream reported an error: "
                        + UpstreamErrors.message(event.get("error")).orElse(event.get("error").toString()));
            }
            chunk = json.treeToValue(event, ChatCompletionChunk.class);
        } catch (JsonProcessingException e) {
            throw new StreamBrokenException("unreadable stream event: " + e.getOriginalMessage());
        }
        id = chunk.id() != null ? chunk.id() : id;
        created = chunk.created() != 0 ? chunk.created() : created;
        model = chunk.model() != null ? chunk.model() : model;
        usage = chunk.usage() != null ? chunk.usage() : usage;
        if (chunk.choices() == null) {
            return;
        }
        chunk.choices().stream().filter(choice -> choice.index() == 0).forEach(choice -> {
            String delta = choice.delta() == null ? null : choice.delta().content();
            if (delta != null && !delta.isEmpty()) {
                content.append(delta);
                listener.content(delta);
            }
            if (choice.delta() != null && choice.delta().toolCalls() != null) {
                choice.delta().toolCalls().forEach(this::acceptToolCall);
            }
            finishReason = choice.finishReason() != null ? choice.finishReason() : finishReason;
        });
    }

    private void acceptToolCall(ChatCompletionChunk.ToolCallDelta delta) {
        ToolCallParts parts = toolCalls.computeIfAbsent(delta.index(), index -> new ToolCallParts());
        parts.id = delta.id() != null ? delta.id() : parts.id;
        String name = delta.function() == null ? null : delta.function().name();
        parts.name = name != null ? name : parts.name;
        String arguments = delta.function() == null ? null : delta.function().arguments();
        if (arguments != null) {
            parts.arguments.append(arguments);
        }
        listener.toolCall(delta.index(), delta.id(), name, arguments);
    }

    /** The completion the stream amounted to; fails when it did not end with {@code [DONE]}. */
    ChatCompletion completion() {
        if (!done) {
            throw new StreamBrokenException("the stream ended before [DONE]");
        }
        AssistantMessage message = toolCalls.isEmpty()
                ? AssistantMessage.text(content.toString())
                : new AssistantMessage(ChatRole.ASSISTANT, content.isEmpty() ? null : content.toString(), null,
                        toolCalls.values().stream().map(call -> ToolCall.function(call.id, call.name,
                                call.arguments.toString())).toList(), null);
        return ChatCompletion.of(id, created, model, List.of(ChatCompletion.Choice.of(0, message, finishReason)),
                usage);
    }
}
