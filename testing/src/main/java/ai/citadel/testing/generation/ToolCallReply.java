package ai.citadel.testing.generation;

import ai.citadel.testing.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A call of one of the request's tools.
 *
 * @param id        OpenAI's {@code call_...} id
 * @param arguments the arguments object (Ollama sends it as is; OpenAI as a JSON string)
 */
public record ToolCallReply(String id, String name, ObjectNode arguments) implements ModelReply {

    /** Streamed OpenAI tool calls deliver their arguments in pieces; each piece counts as one token. */
    private static final int ARGUMENT_CHARS_PER_TOKEN = 8;

    public String argumentsJson() {
        return Json.write(arguments);
    }

    /** The arguments JSON split the way a model streams it. */
    public List<String> argumentChunks() {
        String json = argumentsJson();
        List<String> chunks = new ArrayList<>();
        for (int start = 0; start < json.length(); start += ARGUMENT_CHARS_PER_TOKEN) {
            chunks.add(json.substring(start, Math.min(json.length(), start + ARGUMENT_CHARS_PER_TOKEN)));
        }
        return chunks;
    }

    /** The function name, then the argument pieces. */
    @Override
    public int tokenCount() {
        return 1 + argumentChunks().size();
    }
}
