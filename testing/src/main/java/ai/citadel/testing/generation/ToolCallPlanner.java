package ai.citadel.testing.generation;

import ai.citadel.testing.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Decides whether a simulated model calls a tool. The trigger is deterministic so tests can rely on it: the model
 * calls the first tool whose function name appears in the prompt (case-insensitively), or the tool a request forces.
 * Arguments follow the tool's JSON schema: every property gets a value of its type (an enum's first value, else
 * {@code "sample-<property>"}, 1, 1.5, true, [] or {}).
 */
public final class ToolCallPlanner {

    private ToolCallPlanner() {
    }

    /**
     * @param tools      the request's {@code tools} array, in the OpenAI/Ollama shape
     *                   {@code [{"type":"function","function":{"name","parameters"}}]}
     * @param forcedName a tool the request forces (OpenAI {@code tool_choice}), if any
     */
    public static Optional<ToolCallReply> plan(JsonNode tools, String prompt, Optional<String> forcedName) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return Optional.empty();
        }
        String lowerPrompt = prompt == null ? "" : prompt.toLowerCase(Locale.ROOT);
        return StreamSupport.stream(tools.spliterator(), false)
                .map(tool -> tool.path("function"))
                .filter(function -> function.hasNonNull("name"))
                .filter(function -> forcedName
                        .map(name -> name.equals(function.get("name").asText()))
                        .orElseGet(() -> lowerPrompt.contains(function.get("name").asText().toLowerCase(Locale.ROOT))))
                .findFirst()
                .map(function -> call(function, prompt));
    }

    /** The first tool of the request, for {@code tool_choice: "required"}. */
    public static Optional<String> firstToolName(JsonNode tools) {
        return tools != null && tools.isArray() && !tools.isEmpty()
                ? Optional.ofNullable(tools.get(0).path("function").path("name").textValue())
                : Optional.empty();
    }

    private static ToolCallReply call(JsonNode function, String prompt) {
        String name = function.get("name").asText();
        return new ToolCallReply(callId(name, prompt), name, argumentsFor(function.path("parameters")));
    }

    private static ObjectNode argumentsFor(JsonNode schema) {
        ObjectNode arguments = Json.object();
        for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
            arguments.set(property.getKey(), sampleValue(property.getKey(), property.getValue()));
        }
        return arguments;
    }

    private static JsonNode sampleValue(String name, JsonNode schema) {
        JsonNode enumValues = schema.path("enum");
        if (enumValues.isArray() && !enumValues.isEmpty()) {
            return enumValues.get(0);
        }
        ObjectNode holder = Json.object();
        switch (schema.path("type").asText("string")) {
            case "integer" -> holder.put("v", 1);
            case "number" -> holder.put("v", 1.5);
            case "boolean" -> holder.put("v", true);
            case "array" -> holder.putArray("v");
            case "object" -> holder.putObject("v");
            default -> holder.put("v", "sample-" + name);
        }
        return holder.get("v");
    }

    private static String callId(String name, String prompt) {
        return "call_" + Sha256.hex(name + "\n" + prompt).substring(0, 24);
    }
}
