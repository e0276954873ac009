package ai.citadel.gateway.client;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.domain.GenerationEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Reading requests and recorded streams, and comparing what the translators produce. */
final class TranslationFixtures {

    /** A mapper of its own, so the tests do not lean on the translators' configuration. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private TranslationFixtures() {
    }

    /** A client request as the gateway's REST layer would have parsed it. */
    static <T> T parse(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON: " + json, e);
        }
    }

    /** Compares the wire JSON of {@code actual} with {@code expectedJson}, key order aside. */
    static void assertWireJson(String expectedJson, Object actual) {
        try {
            JsonNode expected = JSON.readTree(expectedJson);
            JsonNode written = JSON.readTree(JSON.writeValueAsString(actual));
            assertEquals(expected, written);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad test JSON", e);
        }
    }

    /** Asserts a 400 {@link ApiException} that names {@code param}, and returns it for further checks. */
    static ApiException assertBadRequest(String param, Executable translation) {
        ApiException rejection = assertThrows(ApiException.class, translation);
        assertEquals(400, rejection.status());
        assertEquals(param, rejection.param());
        return rejection;
    }

    /** A recorded stream under {@code src/test/resources/translation/}, one entry per line. */
    static List<String> lines(String resource) {
        try (InputStream in = TranslationFixtures.class.getResourceAsStream("/translation/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource translation/" + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What a decoder made of a whole stream: the events up to the end, or up to the failure.
     *
     * @param failure null when the stream decoded to its end
     */
    record Decoded(List<GenerationEvent> events, BackendStreamException failure) {
    }

    /** Feeds every line, then {@code end()}, as the gateway does; stops at the first failure. */
    static Decoded decode(StreamDecoder decoder, List<String> lines) {
        List<GenerationEvent> events = new ArrayList<>();
        try {
            lines.forEach(line -> events.addAll(decoder.decode(line)));
            events.addAll(decoder.end());
            return new Decoded(events, null);
        } catch (BackendStreamException e) {
            return new Decoded(events, e);
        }
    }

    /** Decodes a stream that must succeed. */
    static List<GenerationEvent> decodeAll(StreamDecoder decoder, List<String> lines) {
        Decoded decoded = decode(decoder, lines);
        if (decoded.failure() != null) {
            throw new AssertionError("stream failed after " + decoded.events(), decoded.failure());
        }
        return decoded.events();
    }
}
