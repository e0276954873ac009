package ai.citadel.embedding.service;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.rest.EmbeddingInputs;
import ai.citadel.embedding.config.EmbeddingConfig;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What one request may ask to embed ({@code citadel.embedding.limits}): at most {@code max-inputs} texts of at most
 * {@code max-text-length} characters each. Past either, a 400 naming the field, counted as a rejection.
 */
@ApplicationScoped
public class InputLimits {

    private final int maxInputs;
    private final int maxTextLength;
    private final ModelCatalog catalog;
    private final Rejections rejections;

    InputLimits(EmbeddingConfig config, ModelCatalog catalog, Rejections rejections) {
        this.maxInputs = config.limits().maxInputs();
        this.maxTextLength = config.limits().maxTextLength();
        this.catalog = catalog;
        this.rejections = rejections;
    }

    /** OpenAI's {@code input}: a string or an array of strings. */
    public List<String> openAiInput(JsonNode input, String model) {
        if (input.isArray()) {
            checkCount(input.size(), "input", model);
        }
        return checkLengths(EmbeddingInputs.texts(input, maxInputs), "input", model);
    }

    /** @param field the request field holding the texts, named in the 400 */
    public List<String> texts(List<String> texts, String field, String model) {
        checkCount(texts.size(), field, model);
        return checkLengths(texts, field, model);
    }

    /** One text; {@code null} passes (the request's own validation decides whether it is required). */
    public String text(String text, String field, String model) {
        checkLength(text, field, field, model);
        return text;
    }

    private void checkCount(int count, String field, String model) {
        if (count > maxInputs) {
            throw rejected(Rejections.TOO_MANY_INPUTS, model, field + " has " + count + " items; at most " + maxInputs
                    + " per request", field);
        }
    }

    private List<String> checkLengths(List<String> texts, String field, String model) {
        for (int i = 0; i < texts.size(); i++) {
            checkLength(texts.get(i), field + "[" + i + "]", field, model);
        }
        return texts;
    }

    /** @param item names the text in the message ({@code texts[3]}); {@code field} is the 400's param */
    private void checkLength(String text, String item, String field, String model) {
        if (text != null && text.length() > maxTextLength) {
            throw rejected(Rejections.TEXT_TOO_LONG, model, item + " has " + text.length() + " characters; at most "
                    + maxTextLength, field);
        }
    }

    private ApiException rejected(String reason, String model, String message, String field) {
        rejections.count(reason, catalog.metricLabel(model));
        return ApiException.badRequest(message, field);
    }
}
