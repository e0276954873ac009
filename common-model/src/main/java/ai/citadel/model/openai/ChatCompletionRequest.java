package ai.citadel.model.openai;

import ai.citadel.model.common.StringOrList;
import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;
import java.util.Map;

/**
 * OpenAI chat completion request, {@code POST /v1/chat/completions}. Fields this record does not name (vendor
 * extensions such as vLLM's {@code top_k}) are kept in {@code extra} and written back, so a request can be passed
 * through to an OpenAI-compatible backend unchanged.
 *
 * @param model               model name or alias
 * @param messages            the conversation so far
 * @param tools               functions the model may call
 * @param toolChoice          {@code "none"|"auto"|"required"} or {@code {"type":"function","function":{"name"}}}
 * @param parallelToolCalls   whether several tool calls may come in one turn
 * @param temperature         0–2
 * @param topP                nucleus sampling, 0–1
 * @param n                   number of choices to generate
 * @param maxTokens           legacy cap on generated tokens
 * @param maxCompletionTokens cap on generated tokens (newer name)
 * @param stop                one stop sequence or up to four
 * @param seed                best-effort deterministic sampling
 * @param stream              answer as SSE {@code chat.completion.chunk}s
 * @param streamOptions       streaming options ({@code include_usage})
 * @param responseFormat      text, JSON object or JSON schema output
 * @param presencePenalty     −2–2
 * @param frequencyPenalty    −2–2
 * @param logitBias           token id (as a string) → bias −100–100
 * @param logprobs            return log probabilities of the output tokens
 * @param topLogprobs         how many alternatives per position, 0–20
 * @param user                end-user identifier
 * @param extra               any other top-level field, kept as JSON (empty, never null, when parsed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatCompletionRequest(
        @NotBlank String model,
        @NotEmpty List<@Valid ChatMessage> messages,
        List<@Valid Tool> tools,
        @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") Boolean parallelToolCalls,
        @DecimalMin("0") @DecimalMax("2") Double temperature,
        @JsonProperty("top_p") @DecimalMin("0") @DecimalMax("1") Double topP,
        @Min(1) @Max(128) Integer n,
        @JsonProperty("max_tokens") @Min(1) Integer maxTokens,
        @JsonProperty("max_completion_tokens") @Min(1) Integer maxCompletionTokens,
        StringOrList stop,
        Long seed,
        Boolean stream,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @JsonProperty("response_format") @Valid ResponseFormat responseFormat,
        @JsonProperty("presence_penalty") @DecimalMin("-2") @DecimalMax("2") Double presencePenalty,
        @JsonProperty("frequency_penalty") @DecimalMin("-2") @DecimalMax("2") Double frequencyPenalty,
        @JsonProperty("logit_bias") Map<String, Integer> logitBias,
        Boolean logprobs,
        @JsonProperty("top_logprobs") @Min(0) @Max(20) Integer topLogprobs,
        String user,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> extra) {

    public static ChatCompletionRequest of(String model, List<ChatMessage> messages) {
        return new ChatCompletionRequest(model, messages, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, Map.of());
    }
}
