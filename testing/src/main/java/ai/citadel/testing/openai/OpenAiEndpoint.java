package ai.citadel.testing.openai;

import ai.citadel.testing.generation.ModelReply;
import ai.citadel.testing.generation.TextReply;
import ai.citadel.testing.generation.ToolCallReply;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where /v1/chat/completions and /v1/completions differ: chat choices carry a {@code message} (a {@code delta} when
 * streaming), legacy completions a {@code text}.
 */
enum OpenAiEndpoint {

    CHAT("chat.completion", "chat.completion.chunk", "chatcmpl-") {
        @Override
        boolean opensWithRole() {
            return true;
        }

        @Override
        void putOpening(ObjectNode choice) {
            choice.putObject("delta").put("role", "assistant").put("content", "");
        }

        @Override
        void putToken(ObjectNode choice, ModelReply reply, int index) {
            ObjectNode delta = choice.putObject("delta");
            switch (reply) {
                case TextReply text -> delta.put("content", text.tokens().get(index));
                case ToolCallReply call -> {
                    ObjectNode toolCall = delta.putArray("tool_calls").addObject().put("index", 0);
                    if (index == 0) {
                        toolCall.put("id", call.id()).put("type", "function").putObject("function")
                                .put("name", call.name()).put("arguments", "");
                    } else {
                        toolCall.putObject("function").put("arguments", call.argumentChunks().get(index - 1));
                    }
                }
            }
        }

        @Override
        void putEmpty(ObjectNode choice) {
            choice.putObject("delta");
        }

        @Override
        void putWhole(ObjectNode choice, ModelReply reply) {
            ObjectNode message = choice.putObject("message").put("role", "assistant");
            switch (reply) {
                case TextReply text -> message.put("content", text.text());
                case ToolCallReply call -> {
                    message.putNull("content");
                    message.putArray("tool_calls").addObject()
                            .put("id", call.id())
                            .put("type", "function")
                            .putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
                }
            }
        }
    },

    COMPLETION("text_completion", "text_completion", "cmpl-") {
        @Override
        void putToken(ObjectNode choice, ModelReply reply, int index) {
            choice.put("text", ((TextReply) reply).tokens().get(index));
        }

        @Override
        void putEmpty(ObjectNode choice) {
            choice.put("text", "");
        }

        @Override
        void putWhole(ObjectNode choice, ModelReply reply) {
            choice.put("text", ((TextReply) reply).text());
        }
    };

    final String object;
    final String chunkObject;
    final String idPrefix;

    OpenAiEndpoint(String object, String chunkObject, String idPrefix) {
        this.object = object;
        this.chunkObject = chunkObject;
        this.idPrefix = idPrefix;
    }

    /** Whether a stream starts with a chunk announcing the assistant role (chat does, as vLLM and OpenAI do). */
    boolean opensWithRole() {
        return false;
    }

    void putOpening(ObjectNode choice) {
        throw new UnsupportedOperationException(name() + " streams open with a token");
    }

    abstract void putToken(ObjectNode choice, ModelReply reply, int index);

    /** Content of a chunk that only carries the finish reason. */
    abstract void putEmpty(ObjectNode choice);

    /** Content of a non-streamed choice. */
    abstract void putWhole(ObjectNode choice, ModelReply reply);

    static String finishReason(ModelReply reply) {
        return switch (reply) {
            case TextReply text -> text.finishReason();
            case ToolCallReply call -> "tool_calls";
        };
    }
}
