package ai.citadel.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * embedding-service answered with an error status. Its body is read from either of Citadel's envelopes
 * ({@code {"error":{"message","code","param"}}} on {@code /v1/*}, {@code {"error":{"code","message","details"}}}
 * elsewhere); anything else keeps the raw text as the message.
 */
public class EmbeddingServiceException extends RuntimeException {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String code;
    private final String param;

    EmbeddingServiceException(int status, String code, String message, String param) {
        super(message);
        this.status = status;
        this.code = code;
        this.param = param;
    }

    static EmbeddingServiceException of(int status, String body) {
        JsonNode error;
        try {
            error = body == null || body.isBlank() ? null : JSON.readTree(body).path("error");
        } catch (Exception notJson) {
            error = null;
        }
        if (error == null || !error.isObject()) {
            String text = body == null || body.isBlank() ? "HTTP " + status : body.strip();
            return new EmbeddingServiceException(status, null, text.length() > 300 ? text.substring(0, 300) : text,
                    null);
        }
        JsonNode param = error.hasNonNull("param") ? error.get("param") : error.path("details").path("param");
        return new EmbeddingServiceException(status, error.path("code").textValue(),
                error.path("message").asText("HTTP " + status), param.textValue());
    }

    public int status() {
        return status;
    }

    /** The service's error code ({@code unknown_model}, {@code input_too_long} …), or null. */
    public String code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }
}
