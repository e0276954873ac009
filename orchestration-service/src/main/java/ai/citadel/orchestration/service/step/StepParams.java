package ai.citadel.orchestration.service.step;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step's params read as the types its runner needs. Templates are rendered before a step runs, and a template
 * embedded in a string renders to a string, so scalars are read leniently: {@code "5"} is the integer 5,
 * {@code "true"} a boolean, and a vector may be a JSON array or a string holding one. Anything else of the wrong
 * type is a non-retryable {@link StepFailure} naming the param. An absent or {@code null} param is absent.
 */
final class StepParams {

    private final ObjectNode params;
    private final ObjectMapper json;

    StepParams(ObjectNode params, ObjectMapper json) {
        this.params = params == null ? json.createObjectNode() : params;
        this.json = json;
    }

    boolean has(String name) {
        return value(name).isPresent();
    }

    /** A text; a number or boolean counts as its text. Blank is absent. */
    Optional<String> text(String name) {
        return value(name).map(value -> {
            if (!value.isValueNode()) {
                throw StepFailure.invalidParam(name, "must be a string, got " + describe(value));
            }
            return value.asText();
        }).filter(text -> !text.isBlank());
    }

    String requiredText(String name) {
        return text(name).orElseThrow(() -> StepFailure.invalidParam(name, "is required"));
    }

    Optional<Integer> integer(String name) {
        return value(name).map(value -> {
            if (value.canConvertToExactIntegral() && value.canConvertToInt()) {
                return value.intValue();
            }
            try {
                return Integer.valueOf(value.isTextual() ? value.asText().strip() : "not an integer");
            } catch (NumberFormatException e) {
                throw StepFailure.invalidParam(name, "must be an integer, got " + describe(value));
            }
        });
    }

    Optional<Double> number(String name) {
        return value(name).map(value -> {
            if (value.isNumber()) {
                return value.doubleValue();
            }
            try {
                double parsed = Double.parseDouble(value.isTextual() ? value.asText().strip() : "not a number");
                if (Double.isFinite(parsed)) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw StepFailure.invalidParam(name, "must be a number, got " + describe(value));
        });
    }

    Optional<Boolean> bool(String name) {
        return value(name).map(value -> {
            if (value.isBoolean()) {
                return value.booleanValue();
            }
            if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
                return Boolean.valueOf(value.asText());
            }
            throw StepFailure.invalidParam(name, "must be true or false, got " + describe(value));
        });
    }

    /** A non-empty array of non-blank texts. */
    Optional<List<String>> texts(String name) {
        return value(name).map(value -> {
            if (!value.isArray() || value.isEmpty()) {
                throw StepFailure.invalidParam(name, "must be a non-empty array of strings, got " + describe(value));
            }
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (!item.isValueNode() || item.asText().isBlank()) {
                    throw StepFailure.invalidParam(name + "[" + i + "]", "must be a non-blank string, got "
                            + describe(item));
                }
                texts.add(item.asText());
            }
            return texts;
        });
    }

    /** An array of numbers, or a string holding one (a rendered template); empty is absent. */
    Optional<float[]> vector(String name) {
        return value(name).map(value -> value.isTextual() ? parsed(name, value) : value).map(value -> {
            if (!value.isArray()) {
                throw StepFailure.invalidParam(name, "must be an array of numbers, got " + describe(value));
            }
            float[] vector = new float[value.size()];
            for (int i = 0; i < vector.length; i++) {
                if (!value.get(i).isNumber() || !Float.isFinite(value.get(i).floatValue())) {
                    throw StepFailure.invalidParam(name + "[" + i + "]", "must be a finite number, got "
                            + describe(value.get(i)));
                }
                vector[i] = value.get(i).floatValue();
            }
            return vector;
        }).filter(vector -> vector.length > 0);
    }

    /** A JSON object, or a string holding one (a rendered template). */
    Optional<Map<String, Object>> object(String name) {
        return value(name).map(value -> value.isTextual() ? parsed(name, value) : value).map(value -> {
            if (!value.isObject()) {
                throw StepFailure.invalidParam(name, "must be an object, got " + describe(value));
            }
            return json.convertValue(value, json.getTypeFactory().constructMapType(Map.class, String.class,
                    Object.class));
        });
    }

    /** The param as it is, for runners that convert it themselves. */
    Optional<JsonNode> value(String name) {
        JsonNode value = params.get(name);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private JsonNode parsed(String name, JsonNode text) {
        try {
            return json.readTree(text.asText());
        } catch (JsonProcessingException e) {
            throw StepFailure.invalidParam(name, "is a string that holds no JSON: " + describe(text));
        }
    }

    /** The value as a person would recognise it, shortened. */
    static String describe(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
