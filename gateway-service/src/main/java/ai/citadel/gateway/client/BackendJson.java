package ai.citadel.gateway.client;

import ai.citadel.commons.rest.UpstreamErrors;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON plumbing both translators share: one mapper, and reading one record of a backend stream. */
final class BackendJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // two records glued onto one line are a broken stream, not one record and some noise
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private static final int SNIPPET_LENGTH = 200;

    private BackendJson() {
    }

    /**
     * Parses one stream record (an NDJSON line, an SSE {@code data:} value).
     *
     * @param backend names the backend type in error messages
     * @throws BackendStreamException when it is not a JSON object, or when it reports an error: Ollama's
     *                                {@code {"error":"…"}} and OpenAI's {@code {"error":{"message":"…"}}} alike
     */
    static JsonNode parseRecord(String json, String backend) {
        JsonNode record;
        try {
            record = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BackendStreamException(backend + " sent a stream record that is not JSON: " + snippet(json), e);
        }
        if (record == null || !record.isObject()) {
            throw new BackendStreamException(backend + " sent a stream record that is not a JSON object: "
                    + snippet(json));
        }
        JsonNode error = record.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new BackendStreamException(UpstreamErrors.message(error).orElseGet(error::toString));
        }
        return record;
    }

    /** Binds a parsed record to its wire type. */
    static <T> T bind(JsonNode record, Class<T> type, String backend) {
        try {
            return MAPPER.treeToValue(record, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BackendStreamException(backend + " sent a stream record of an unexpected shape: "
                    + snippet(record.toString()), e);
        }
    }

    private static String snippet(String text) {
        return text.length() <= SNIPPET_LENGTH ? text : text.substring(0, SNIPPET_LENGTH) + "…";
    }
}
