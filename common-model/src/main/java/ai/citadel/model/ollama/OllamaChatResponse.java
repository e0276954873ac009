package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One NDJSON line of a streaming Ollama {@code POST /api/chat}, or the whole body with {@code stream:false}. The last
 * line has {@code done:true}, {@code done_reason} and the durations (nanoseconds) and token counts.
 *
 * @param model              model name
 * @param createdAt          RFC 3339 timestamp with nanoseconds, kept as written
 * @param message            the message (fragment); may be absent on the final line
 * @param done               {@code true} on the last line
 * @param doneReason         {@code stop}, {@code length}, {@code load}, {@code unload}
 * @param totalDuration      whole request, ns
 * @param loadDuration       loading the model, ns
 * @param promptEvalCount    prompt tokens
 * @param promptEvalDuration prompt evaluation, ns
 * @param evalCount          generated tokens
 * @param evalDuration       generation, ns
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaChatResponse(
        String model,
        @JsonProperty("created_at") String createdAt,
        OllamaMessage message,
        boolean done,
        @JsonProperty("done_reason") String doneReason,
        @JsonProperty("total_duration") Long totalDuration,
        @JsonProperty("load_duration") Long loadDuration,
        @JsonProperty("prompt_eval_count") Integer promptEvalCount,
        @JsonProperty("prompt_eval_duration") Long promptEvalDuration,
        @JsonProperty("eval_count") Integer evalCount,
        @JsonProperty("eval_duration") Long evalDuration) {

    /** A stream line that is not the last. */
    public static OllamaChatResponse fragment(String model, String createdAt, OllamaMessage message) {
        return new OllamaChatResponse(model, createdAt, message, false, null, null, null, null, null, null, null);
    }
}
