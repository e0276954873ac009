package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Ollama embeddings response of {@code POST /api/embed}: one float32 vector per input.
 *
 * @param model           the model that embedded
 * @param embeddings      one vector per input, in input order
 * @param totalDuration   whole request, ns
 * @param loadDuration    loading the model, ns
 * @param promptEvalCount input tokens
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaEmbedResponse(
        String model,
        List<float[]> embeddings,
        @JsonProperty("total_duration") Long totalDuration,
        @JsonProperty("load_duration") Long loadDuration,
        @JsonProperty("prompt_eval_count") Integer promptEvalCount) {
}
