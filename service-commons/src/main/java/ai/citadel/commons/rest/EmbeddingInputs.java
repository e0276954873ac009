package ai.citadel.commons.rest;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code input} of OpenAI's embeddings request, read the same way by the gateway and the embedding service: a
 * string or an array of strings. Token-id arrays are refused: they name a tokenizer Citadel's models do not share.
 */
public final class EmbeddingInputs {

    /** OpenAI's own limit of inputs per request. */
    public static final int OPENAI_MAX_INPUTS = 2048;

    private EmbeddingInputs() {
    }

    /** The texts of {@code input}, or a 400 naming {@code input}. */
    public static List<String> texts(JsonNode input, int maxInputs) {
        if (input.isTextual()) {
            return nonEmpty(List.of(input.asText()));
        }
        if (!input.isArray() || input.isEmpty()) {
            throw ApiException.badRequest("input must be a non-empty string or a non-empty array of strings", "input");
        }
        if (input.size() > maxInputs) {
            throw ApiException.badRequest("input has " + input.size() + " items; at most " + maxInputs
                    + " per request", "input");
        }
        List<String> texts = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            if (!item.isTextual()) {
                throw ApiException.badRequest("input must be text: token-id arrays are not supported, since the "
                        + "embedding models do not share a tokenizer; send the strings", "input");
            }
            texts.add(item.asText());
        }
        return nonEmpty(texts);
    }

    private static List<String> nonEmpty(List<String> texts) {
        if (texts.stream().anyMatch(String::isEmpty)) {
            throw ApiException.badRequest("input must not contain empty strings", "input");
        }
        return texts;
    }
}
