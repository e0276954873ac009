package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One NDJSON line of a streaming Ollama {@code POST /api/generate}, or the whole body with {@code stream:false}; the
 * last line has {@code done:true} with durations (ns), counts and {@code context}.
 *
 * @param model              model name
 * @param createdAt          RFC 3339 timestamp, kept as written
 * @param response           the text (a fragment of it in a stream line; empty on the last streamed line)
 * @param thinking           the model's thinking, when {@code think} is on
 * @param done               {@code true} on the last line
 * @param doneReason         {@code stop}, {@code length}, {@code load}, {@code unload}
 * @param context            token encoding of the conversation (not in raw mode)
 * @param totalDuration      whole request, ns
 * @param loadDuration       loading the model, ns
 * @param promptEvalCount    prompt tokens
 * @param promptEvalDuration prompt evaluation, ns
 * @param evalCount          generated tokens
 * @param evalDuration       generation, ns
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaGenerateResponse(
        String model,
        @JsonProperty("created_at") String createdAt,
        String response,
        String thinking,
        boolean done,
        @JsonProperty("done_reason") String doneReason,
        List<Integer> context,
        @JsonProperty("total_duration") Long totalDuration,
        @JsonProperty("load_duration") Long loadDuration,
        @JsonProperty("prompt_eval_count") Integer promptEvalCount,
        @JsonProperty("prompt_eval_duration") Long promptEvalDuration,
        @JsonProperty("eval_count") Integer evalCount,
        @JsonProperty("eval_duration") Long evalDuration) {

    /** A stream line that is not the last. */
    public static OllamaGenerateResponse fragment(String model, String createdAt, String response) {
        return new OllamaGenerateResponse(model, createdAt, response, null, false, null, null, null, null, null,
                null, null, null);
    }
}
