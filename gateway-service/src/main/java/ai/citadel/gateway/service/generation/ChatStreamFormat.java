package ai.citadel.gateway.service.generation;

import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
import ai.citadel.model.openai.ChatCompletionChunk;
import ai.citadel.model.openai.ChatCompletionChunk.Choice;
import ai.citadel.model.openai.ChatCompletionChunk.Delta;
import ai.citadel.model.openai.ChatCompletionChunk.FunctionDelta;
import ai.citadel.model.openai.ChatCompletionChunk.ToolCallDelta;
import ai.citadel.model.openai.ChatRole;

import java.util.ArrayList;
import java.util.List;

/** {@code chat.completion.chunk} events, as OpenAI sends them. */
record ChatStreamFormat(String id, long created, String model, boolean includeUsage) implements StreamFormat {

    @Override
    public List<Object> opening() {
        return List.of(chunk(new Delta(ChatRole.ASSISTANT, "", null, null), null));
    }

    @Override
    public Object text(String text) {
        return chunk(Delta.content(text), null);
    }

    @Override
    public Object toolCall(ToolCallFragment fragment) {
        ToolCallDelta call = new ToolCallDelta(fragment.index(), fragment.id(), fragment.id() == null ? null : "function",
                new FunctionDelta(fragment.name(), fragment.arguments()));
        return chunk(new Delta(null, null, null, List.of(call)), null);
    }

    @Override
    public List<Object> closing(Finished finished) {
        List<Object> events = new ArrayList<>();
        events.add(chunk(Delta.EMPTY, finished.finishReason()));
        if (includeUsage) {
            events.add(ChatCompletionChunk.usage(id, created, model, Usages.of(finished)));
        }
        return events;
    }

    private ChatCompletionChunk chunk(Delta delta, String finishReason) {
        return ChatCompletionChunk.of(id, created, model, List.of(Choice.of(0, delta, finishReason)));
    }
}
