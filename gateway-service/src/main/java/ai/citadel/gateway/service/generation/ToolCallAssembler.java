package ai.citadel.gateway.service.generation;

import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
import ai.citadel.model.openai.ToolCall;

import java.util.List;
import java.util.TreeMap;

/** Joins streamed tool-call fragments into whole OpenAI tool calls, in index order. */
public final class ToolCallAssembler {

    private final TreeMap<Integer, Builder> calls = new TreeMap<>();

    public void add(ToolCallFragment fragment) {
        calls.computeIfAbsent(fragment.index(), index -> new Builder()).add(fragment);
    }

    public List<ToolCall> toolCalls() {
        return calls.values().stream().map(Builder::build).toList();
    }

    private static final class Builder {
        private String id;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        void add(ToolCallFragment fragment) {
            if (fragment.id() != null) {
                id = fragment.id();
            }
            if (fragment.name() != null) {
                name = fragment.name();
            }
            if (fragment.arguments() != null) {
                arguments.append(fragment.arguments());
            }
        }

        ToolCall build() {
            return ToolCall.function(id, name, arguments.toString());
        }
    }
}
