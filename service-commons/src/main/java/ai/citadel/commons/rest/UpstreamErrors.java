package ai.citadel.commons.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Optional;

/**
 * The message of an error from a server Citadel calls: Ollama's {@code {"error":"…"}} and OpenAI's
 * {@code {"error":{"message":"…"}}} alike, as a whole error answer or as one record of a stream.
 */
public final class UpstreamErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private UpstreamErrors() {
    }

    /** The message of an error body; empty when the body is not JSON or carries no message. */
    public static Optional<String> message(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            return message(JSON.readTree(body).path("error"));
        } catch (JsonProcessingException notJson) {
            return Optional.empty();
        }
    }

    /** The message of an {@code error} value already parsed; empty when it has none. */
    public static Optional<String> message(JsonNode error) {
        if (error.isTextual()) {
            return Optional.of(error.textValue());
        }
        JsonNode message = error.path("message");
        return message.isTextual() ? Optional.of(message.textValue()) : Optional.empty();
    }
}
