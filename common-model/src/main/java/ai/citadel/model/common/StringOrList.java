package ai.citadel.model.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Objects;

/**
 * A JSON value that is either one string or an array of strings (OpenAI {@code stop}, Ollama {@code input} …);
 * it is written back in the form it was read.
 *
 * @param values the strings, in order
 * @param single {@code true} when the wire form is a bare string ({@code values} then holds exactly one)
 */
public record StringOrList(List<String> values, boolean single) {

    public StringOrList {
        values = List.copyOf(Objects.requireNonNull(values, "values"));
        if (single && values.size() != 1) {
            throw new IllegalArgumentException("a single string holds exactly one value");
        }
    }

    /** The bare-string form: {@code "text"}. */
    @JsonCreator
    public static StringOrList of(String value) {
        return new StringOrList(List.of(value), true);
    }

    /** The array form: {@code ["a", "b"]}. */
    @JsonCreator
    public static StringOrList of(List<String> values) {
        return new StringOrList(values, false);
    }

    @JsonValue
    Object wireValue() {
        return single ? values.getFirst() : values;
    }
}
