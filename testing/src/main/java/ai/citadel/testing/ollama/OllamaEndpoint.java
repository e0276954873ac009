package ai.citadel.testing.ollama;

import ai.citadel.testing.generation.ToolCallReply;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Where /api/chat and /api/generate records differ: chat carries a message, generate a response string. */
enum OllamaEndpoint {

    CHAT("chat") {
        @Override
        void putOutput(ObjectNode record, String text, ToolCallReply toolCall) {
            ObjectNode message = record.putObject("message").put("role", "assistant").put("content", text);
            if (toolCall != null) {
                ArrayNode calls = message.putArray("tool_calls");
                ObjectNode function = calls.addObject().putObject("function").put("name", toolCall.name());
                function.set("arguments", toolCall.arguments());
            }
        }
    },

    GENERATE("generate") {
        @Override
        void putOutput(ObjectNode record, String text, ToolCallReply toolCall) {
            record.put("response", text);
        }

        @Override
        void putFinalExtras(ObjectNode record, String prompt, String answer) {
            record.set("context", OllamaJson.context(prompt, answer));
        }
    };

    /** The capability named in "does not support" errors. */
    final String capability;

    OllamaEndpoint(String capability) {
        this.capability = capability;
    }

    /** Puts the generated output; {@code toolCall} may be null. */
    abstract void putOutput(ObjectNode record, String text, ToolCallReply toolCall);

    /** Fields only the final record of this endpoint has. */
    void putFinalExtras(ObjectNode record, String prompt, String answer) {
    }

    /** The single record answering a request that only loads the model (no messages, or an empty prompt). */
    ObjectNode loadRecord(String requestedModel) {
        ObjectNode record = OllamaJson.record(requestedModel);
        putOutput(record, "", null);
        return record.put("done", true).put("done_reason", "load");
    }
}
