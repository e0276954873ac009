package ai.citadel.orchestration.client;

import ai.citadel.commons.rest.UpstreamErrors;
import ai.citadel.model.openai.AssistantMessage;
import ai.citadel.model.openai.ChatCompletion;
import ai.citadel.model.openai.ChatCompletionChunk;
import ai.citadel.model.openai.Usage;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.function.Consumer;

/**
 * Reads an OpenAI chat completion stream, one SSE {@code data} at a time, into the completion it amounts to: the
 * content deltas of the first choice are handed on as they come and appended; the last chunk's
 * {@code finish_reason} and the usage chunk are kept. The stream must end with {@code [DONE]}; an error event
 * (what a Citadel gateway sends when its backend breaks mid-stream) or an end without {@code [DONE]} is a
 * {@link StreamBrokenException}.
 */
final class StreamedCompletion {

    static final String DONE = "[DONE]";

    private final ObjectMapper json;
    private final Consumer<String> onContent;
    private final StringBuilder content = new StringBuilder();
    private String id;
    private long created;
    private String model;
    private String finishReason;
    private Usage usage;
    private boolean done;

    StreamedCompletion(ObjectMapper json, Consumer<String> onContent) {
        this.json = json;
        this.onContent = onContent;
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
                onContent.accept(delta);
            }
            finishReason = choice.finishReason() != null ? choice.finishReason() : finishReason;
        });
    }

    /** The completion the stream amounted to; fails when it did not end with {@code [DONE]}. */
    ChatCompletion completion() {
        if (!done) {
            throw new StreamBrokenException("the stream ended before [DONE]");
        }
        return ChatCompletion.of(id, created, model, List.of(ChatCompletion.Choice.of(0,
                AssistantMessage.text(content.toString()), finishReason)), usage);
    }
}
