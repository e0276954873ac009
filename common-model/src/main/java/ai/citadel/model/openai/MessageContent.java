package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.validation.Valid;

import java.util.List;

/**
 * OpenAI chat message {@code content}: either a plain string or an array of {@link ContentPart}s; written back in
 * the form it was read. Exactly one of {@code text} and {@code parts} is set.
 *
 * @param text  the string form
 * @param parts the array form
 */
public record MessageContent(String text, List<@Valid ContentPart> parts) {

    public MessageContent {
        if ((text == null) == (parts == null)) {
            throw new IllegalArgumentException("exactly one of text and parts is set");
        }
        parts = parts == null ? null : List.copyOf(parts);
    }

    @JsonCreator
    public static MessageContent of(String text) {
        return new MessageContent(text, null);
    }

    @JsonCreator
    public static MessageContent of(List<ContentPart> parts) {
        return new MessageContent(null, parts);
    }

    @JsonValue
    Object wireValue() {
        return text != null ? text : parts;
    }
}
