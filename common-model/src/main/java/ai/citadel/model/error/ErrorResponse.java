package ai.citadel.model.error;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Error body of every Citadel endpoint outside the OpenAI-compatible {@code /v1/*} paths:
 * {@code {"error":{"code","message","details"}}}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErrorResponse(Error error) {

    /**
     * @param code    stable machine-readable code, e.g. {@code not_found}, {@code invalid_request}
     * @param message what went wrong, for a person
     * @param details optional structured context (field names, valid values …)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String code, String message, Object details) {
    }

    public static ErrorResponse of(String code, String message) {
        return new ErrorResponse(new Error(code, message, null));
    }

    public static ErrorResponse of(String code, String message, Object details) {
        return new ErrorResponse(new Error(code, message, details));
    }
}
