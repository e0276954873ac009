package ai.citadel.orchestration.service.copilot;

import ai.citadel.commons.rest.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One parameter of a copilot action: what the action list publishes of it (JSON Schema) and how a request's value is
 * checked, from one description so the two cannot disagree.
 *
 * @param name        the parameter
 * @param type        its JSON type
 * @param description what it means, for the model and the page
 * @param required    whether the action needs it
 * @param min         smallest value (integers) or length (strings, arrays); null when free
 * @param max         largest value (integers) or length (strings, arrays); null when free
 */
record ActionParam(String name, Type type, String description, boolean required, Integer min, Integer max) {

    enum Type {
        STRING("string"), STRINGS("array"), INTEGER("integer"), OBJECT("object");

        private final String schemaType;

        Type(String schemaType) {
            this.schemaType = schemaType;
        }
    }

    static ActionParam required(String name, Type type, String description) {
        return new ActionParam(name, type, description, true, null, null);
    }

    static ActionParam optional(String name, Type type, String description) {
        return new ActionParam(name, type, description, false, null, null);
    }

    ActionParam between(int min, int max) {
        return new ActionParam(name, type, description, required, min, max);
    }

    /** This parameter as a property of the action's JSON Schema. */
    ObjectNode schema(ObjectMapper json) {
        ObjectNode schema = json.createObjectNode().put("type", type.schemaType).put("description", description);
        switch (type) {
            case STRINGS -> {
                schema.putObject("items").put("type", "string");
                putBounds(schema, "minItems", "maxItems");
            }
            case STRING -> putBounds(schema, "minLength", "maxLength");
            case INTEGER -> putBounds(schema, "minimum", "maximum");
            case OBJECT -> {
            }
        }
        return schema;
    }

    /**
     * The request's value, checked: absent (null) when optional and not given; a 400 naming the parameter when
     * required and missing, of another type, or out of bounds.
     */
    JsonNode read(JsonNode request) {
        JsonNode value = request.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw ApiException.badRequest(name + " is required", name);
            }
            return null;
        }
        boolean ofType = switch (type) {
            case STRING -> value.isTextual() && !value.asText().isBlank();
            case STRINGS -> value.isArray() && allText(value);
            case INTEGER -> value.isIntegralNumber() && value.canConvertToInt();
            case OBJECT -> value.isObject();
        };
        if (!ofType) {
            throw ApiException.badRequest(name + " must be " + expected(), name);
        }
        int measure = switch (type) {
            case STRING -> value.asText().length();
            case STRINGS -> value.size();
            case INTEGER -> value.asInt();
            case OBJECT -> 0;
        };
        if ((min != null && measure < min) || (max != null && measure > max)) {
            throw ApiException.badRequest(name + " must be " + expected(), name);
        }
        return value;
    }

    private String expected() {
        String bounds = min == null ? "" : " " + switch (type) {
            case INTEGER -> "from " + min + " to " + max;
            case STRING -> "of " + min + " to " + max + " characters";
            default -> "of " + min + " to " + max + " items";
        };
        return switch (type) {
            case STRING -> "a non-empty string" + bounds;
            case STRINGS -> "an array of strings" + bounds;
            case INTEGER -> "a whole number" + bounds;
            case OBJECT -> "an object";
        };
    }

    private void putBounds(ObjectNode schema, String minKey, String maxKey) {
        if (min != null) {
            schema.put(minKey, min);
        }
        if (max != null) {
            schema.put(maxKey, max);
        }
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode item : array) {
            if (!item.isTextual() || item.asText().isBlank()) {
                return false;
            }
        }
        return true;
    }
}
