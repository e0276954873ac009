package ai.citadel.gateway.service.generation;

import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
import ai.citadel.model.openai.CompletionResponse;
import ai.citadel.model.openai.CompletionResponse.Choice;

import java.util.ArrayList;
import java.util.List;

/** Legacy {@code text_completion} stream events. */
record CompletionStreamFormat(String id, long created, String model, boolean includeUsage) implements StreamFormat {

    @Override
    public List<Object> opening() {
        return List.of();
    }

    @Override
    public Object text(String text) {
        return event(text, null);
    }

    /** Legacy completions have no tools; backends never send calls for them. */
    @Override
    public Object toolCall(ToolCallFragment fragment) {
        throw new IllegalStateException("tool call in a legacy completion");
    }

    @Override
    public List<Object> closing(Finished finished) {
        List<Object> events = new ArrayList<>();
        events.add(event("", finished.finishReason()));
        if (includeUsage) {
            events.add(new CompletionResponse(id, CompletionResponse.OBJECT, created, model, null, List.of(),
                    Usages.of(finished)));
        }
        return events;
    }

    private CompletionResponse event(String text, String finishReason) {
        return CompletionResponse.of(id, created, model, List.of(Choice.of(0, text, finishReason)), null);
    }
}
