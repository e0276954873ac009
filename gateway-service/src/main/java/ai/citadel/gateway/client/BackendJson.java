package ai.citadel.gateway.client;

import ai.citadel.commons.rest.UpstreamErrors;
import ai.citadel.model.ollama.OllamaChatResponse;
import ai.citadel.model.ollama.OllamaGenerateResponse;
import ai.citadel.model.openai.ChatCompletionChunk;
import ai.citadel.model.openai.CompletionResponse;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;

import java.io.IOException;

/** The JSON plumbing both translators share: one mapper, and reading one record of a backend stream. */
final class BackendJson {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // two records glued onto one line are a broken stream, not one record and some noise
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    /**
     * Binds a stream record straight to its wire type, in one pass over the text: the record types' unknown
     * properties are handed to {@link ErrorProperty} (a mix-in overrides their {@code ignoreUnknown}), which fails on
     * an {@code error} one and skips the rest.
     */
    private static final ObjectMapper RECORD_MAPPER = MAPPER.copy()
            .addMixIn(OllamaChatResponse.class, UnknownPropertiesReported.class)
            .addMixIn(OllamaGenerateResponse.class, UnknownPropertiesReported.class)
            .addMixIn(ChatCompletionChunk.class, UnknownPropertiesReported.class)
            .addMixIn(CompletionResponse.class, UnknownPropertiesReported.class)
            .addHandler(new ErrorProperty());
    /** A reader per record type, its deserializer resolved once rather than looked up for every line. */
    private static final ClassValue<ObjectReader> READERS = new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
            return RECORD_MAPPER.readerFor(type);
        }
    };

    private static final int SNIPPET_LENGTH = 200;

    private BackendJson() {
    }

    /**
     * Reads one stream record (an NDJSON line, an SSE {@code data:} value) as its wire type.
     *
     * @param type    one of the record types above
     * @param backend names the backend type in error messages
     * @throws BackendStreamException when it is not a JSON object of that shape, or when it reports an error:
     *                                Ollama's {@code {"error":"…"}} and OpenAI's {@code {"error":{"message":"…"}}}
     */
    static <T> T read(String json, Class<T> type, String backend) {
        T record;
        try {
            record = READERS.get(type).readValue(json);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            record = null;
        }
        // the rare record that does not bind is read again as a tree, which says what is wrong with it
        return record != null ? record : bind(parseRecord(json, backend), type, backend);
    }

    private static JsonNode parseRecord(String json, String backend) {
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
            throw backendError(error);
        }
        return record;
    }

    private static <T> T bind(JsonNode record, Class<T> type, String backend) {
        try {
            return MAPPER.treeToValue(record, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new BackendStreamException(backend + " sent a stream record of an unexpected shape: "
                    + snippet(record.toString()), e);
        }
    }

    private static BackendStreamException backendError(JsonNode error) {
        return new BackendStreamException(UpstreamErrors.message(error).orElseGet(error::toString));
    }

    private static String snippet(String text) {
        return text.length() <= SNIPPET_LENGTH ? text : text.substring(0, SNIPPET_LENGTH) + "…";
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    private abstract static class UnknownPropertiesReported {
    }

    /** A record's {@code error} property is the backend reporting a failure; other unknown properties are skipped. */
    private static final class ErrorProperty extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext context, JsonParser parser,
                                             JsonDeserializer<?> deserializer, Object bean, String propertyName)
                throws IOException {
            if (!"error".equals(propertyName)) {
                parser.skipChildren();
                return true;
            }
            JsonNode error = parser.readValueAsTree();
            if (error != null && !error.isNull()) {
                throw backendError(error);
            }
            return true;
        }
    }
}
