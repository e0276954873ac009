package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI error envelope {@code {"error":{"message","type","param","code"}}}. All four fields are always
 * written (as {@code null} when absent), the way OpenAI does.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OpenAiErrorResponse(Error error) {

    /**
     * @param message what went wrong
     * @param type    e.g. {@code invalid_request_error}, {@code rate_limit_error}, {@code server_error}
     * @param param   the request field at fault, if any
     * @param code    machine-readable code, e.g. {@code model_not_found}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Error(String message, String type, String param, String code) {
    }

    public static OpenAiErrorResponse of(String message, String type, String param, String code) {
        return new OpenAiErrorResponse(new Error(message, type, param, code));
    }
}
