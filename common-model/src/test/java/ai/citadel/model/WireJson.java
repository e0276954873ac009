package ai.citadel.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads the wire examples under {@code src/test/resources} and checks that a record writes back the JSON it read.
 * A {@code .json} file is one document; a {@code .ndjson} file is one document per line (a stream).
 */
public final class WireJson {

    /** Configured like the Quarkus default mapper: java.time as ISO strings. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    /** JSON equality where numbers compare by value: {@code 0}, {@code 0.0} and {@code 0e0} are the same number. */
    private static final Comparator<JsonNode> SAME_JSON_VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    private WireJson() {
    }

    /** The documents of a resource file: the file itself, or each non-blank line of an {@code .ndjson} file. */
    public static List<String> documents(String resource) {
        String text = resource(resource);
        if (resource.endsWith(".ndjson")) {
            return text.lines().filter(line -> !line.isBlank()).toList();
        }
        return List.of(text);
    }

    public static String resource(String resource) {
        try (InputStream in = WireJson.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, () -> "missing test resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses the (single-document) resource into {@code type}. */
    public static <T> T read(String resource, Class<T> type) {
        return parse(resource(resource), type);
    }

    public static <T> T parse(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new AssertionError("cannot parse as " + type.getSimpleName() + ": " + json, e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError("cannot write " + value, e);
        }
    }

    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Every document of the resource parses into {@code type} and writes back the same JSON tree. */
    public static void assertRoundTrip(String resource, Class<?> type) {
        List<String> documents = documents(resource);
        for (int i = 0; i < documents.size(); i++) {
            String original = documents.get(i);
            String written = write(parse(original, type));
            assertSameJson(original, written, resource + (documents.size() > 1 ? " line " + (i + 1) : ""));
        }
    }

    public static void assertSameJson(String expected, String actual, String what) {
        JsonNode expectedTree = tree(expected);
        JsonNode actualTree = tree(actual);
        if (!expectedTree.equals(SAME_JSON_VALUE, actualTree)) {
            fail(what + " did not round-trip\nexpected: " + expectedTree + "\nwritten:  " + actualTree);
        }
    }
}
