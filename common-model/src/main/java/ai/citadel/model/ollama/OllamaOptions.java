package ai.citadel.model.ollama;

import ai.citadel.model.common.StringOrList;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * Ollama model {@code options} ({@code /api/chat}, {@code /api/generate}, {@code /api/embed}): the common sampling
 * and runtime parameters by name, every other Modelfile parameter ({@code mirostat}, {@code num_gpu}, …) kept in
 * {@code other} and written back.
 *
 * @param temperature      sampling temperature
 * @param topP             nucleus sampling
 * @param topK             sample from the K most likely tokens
 * @param minP             minimum token probability relative to the most likely
 * @param numPredict       cap on generated tokens (−1 unlimited)
 * @param numCtx           context window in tokens
 * @param stop             stop sequences; Ollama's server only accepts the array form, so send
 *                         {@code StringOrList.of(List)} even for one sequence
 * @param seed             random seed
 * @param repeatPenalty    penalty for repeated tokens
 * @param repeatLastN      how far back to look for repetitions
 * @param presencePenalty  presence penalty
 * @param frequencyPenalty frequency penalty
 * @param other            any other option, by its Ollama name (empty, never null, when parsed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaOptions(
        Double temperature,
        @JsonProperty("top_p") Double topP,
        @JsonProperty("top_k") Integer topK,
        @JsonProperty("min_p") Double minP,
        @JsonProperty("num_predict") Integer numPredict,
        @JsonProperty("num_ctx") Integer numCtx,
        StringOrList stop,
        Long seed,
        @JsonProperty("repeat_penalty") Double repeatPenalty,
        @JsonProperty("repeat_last_n") Integer repeatLastN,
        @JsonProperty("presence_penalty") Double presencePenalty,
        @JsonProperty("frequency_penalty") Double frequencyPenalty,
        @JsonAnySetter @JsonAnyGetter Map<String, Object> other) {

    /** Options with only a temperature set. */
    public static OllamaOptions temperature(double temperature) {
        return new OllamaOptions(temperature, null, null, null, null, null, null, null, null, null, null, null,
                Map.of());
    }
}
