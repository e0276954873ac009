package ai.citadel.model.openai;

import ai.citadel.model.common.StringOrList;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.Map;

/**
 * OpenAI legacy completions request, {@code POST /v1/completions}. Unnamed fields are kept in {@code extra}, as in
 * {@link ChatCompletionRequest}.
 *
 * @param model            model name or alias
 * @param prompt           a string, an array of strings, an array of token ids or an array of such arrays
 * @param suffix           text that comes after the completion
 * @param maxTokens        cap on generated tokens (OpenAI default 16)
 * @param temperature      0–2
 * @param topP             nucleus sampling, 0–1
 * @param n                completions per prompt
 * @param stream           answer as SSE {@code text_completion} chunks
 * @param streamOptions    streaming options ({@code include_usage})
 * @param logprobs         how many top log probabilities to return per token, 0–5
 * @param echo             return the prompt with the completion
 * @param stop             one stop sequence or up to four
 * @param presencePenalty  −2–2
 * @param frequencyPenalty −2–2
 * @param bestOf           generate this many server-side and return the best
 * @param logitBias        token id (as a string) → bias −100–100
 * @param seed             best-effort deterministic sampling
 * @param user             end-user identifier
 * @param extra            any other top-level field, kept as JSON (empty, never null, when parsed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompletionRequest(
        @NotBlank String model,
        @NotNull JsonNode prompt,
        String suffix,
        @JsonProperty("max_tokens") @Min(0) Integer maxTokens,
        @DecimalMin("0") @DecimalMax("2") Double temperature,
        @JsonProperty("top_p") @DecimalMin("0") @DecimalMax("1") Double topP,
        @Min(1) @Max(128) Integer n,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @Min(0) @Max(5) Integer logprobs,
        Boolean echo,
        StringOrList stop,
        @JsonProperty("presence_penalty") @DecimalMin("-2") @DecimalMax("2") Double presencePenalty,
        @JsonProperty("frequency_penalty") @DecimalMin("-2") @DecimalMax("2") Double frequencyPenalty,
        @JsonProperty("best_of") @Min(1) Integer bestOf,
        @JsonProperty("logit_bias") Map<String, Integer> logitBias,
        Long seed,
        String user,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public static CompletionRequest of(String model, String prompt) {
        return new CompletionRequest(model, TextNode.valueOf(prompt), null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, Map.of());
    }
}
