package ai.citadel.orchestration.service.step;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rendered templates give strings: scalars are read leniently, anything else of the wrong type names the param. */
class StepParamsTest {

    private static StepParams params(String json) {
        return new StepParams(StepCalls.object(json), new ObjectMapper());
    }

    private static String invalid(Runnable read) {
        StepFailure failure = assertThrows(StepFailure.class, read::run);
        assertEquals(StepFailure.INVALID_PARAMS, failure.code());
        assertFalse(failure.retryable());
        return failure.getMessage();
    }

    @Test
    void scalarsRenderedAsStringsAreReadAsTheirType() {
        StepParams read = params("""
                {"limit":" 5 ","temperature":"0.7","stream":"true","id":42,"ratio":2}""");

        assertEquals(Optional.of(5), read.integer("limit"));
        assertEquals(Optional.of(0.7), read.number("temperature"));
        assertEquals(Optional.of(true), read.bool("stream"));
        assertEquals(Optional.of("42"), read.text("id"), "a number where a text is wanted is its text");
        assertEquals(Optional.of(2), read.integer("ratio"));
    }

    @Test
    void absentNullAndBlankAreAbsent() {
        StepParams read = params("""
                {"query":null,"model":"  ","vector":[]}""");

        assertTrue(read.text("query").isEmpty());
        assertTrue(read.text("model").isEmpty());
        assertTrue(read.vector("vector").isEmpty());
        assertTrue(read.integer("limit").isEmpty());
        assertFalse(read.has("query"));
        assertEquals("param 'collection' is required", invalid(() -> read.requiredText("collection")));
    }

    @Test
    void vectorsAndObjectsMayArriveAsJsonInAString() {
        StepParams read = params("""
                {"vector":"[0.5, -1, 2e-3]","filter":"{\\"lang\\":\\"en\\"}","texts":["a","b"]}""");

        assertArrayEquals(new float[] {0.5f, -1f, 0.002f}, read.vector("vector").orElseThrow());
        assertEquals(Map.of("lang", "en"), read.object("filter").orElseThrow());
        assertEquals(List.of("a", "b"), read.texts("texts").orElseThrow());
    }

    @Test
    void wrongTypesNameTheParam() {
        StepParams read = params("""
                {"limit":"x","big":12345678901,"temperature":"NaN","stream":1,"collection":["a"],
                 "vector":[1,"two"],"huge":[1e300],"filter":"[1]","texts":[]}""");

        assertEquals("param 'limit' must be an integer, got \"x\"", invalid(() -> read.integer("limit")));
        assertEquals("param 'big' must be an integer, got 12345678901", invalid(() -> read.integer("big")));
        assertEquals("param 'temperature' must be a number, got \"NaN\"", invalid(() -> read.number("temperature")));
        assertEquals("param 'stream' must be true or false, got 1", invalid(() -> read.bool("stream")));
        assertEquals("param 'collection' must be a string, got [\"a\"]", invalid(() -> read.text("collection")));
        assertEquals("param 'vector[1]' must be a finite number, got \"two\"", invalid(() -> read.vector("vector")));
        assertEquals("param 'huge[0]' must be a finite number, got 1.0E300", invalid(() -> read.vector("huge")));
        assertEquals("param 'filter' must be an object, got [1]", invalid(() -> read.object("filter")));
        assertTrue(invalid(() -> read.texts("texts")).startsWith("param 'texts' must be a non-empty array"));
    }

    @Test
    void longValuesAreShortenedInMessages() {
        String message = invalid(() -> params("{\"limit\":\"" + "9x".repeat(100) + "\"}").integer("limit"));

        assertTrue(message.endsWith("…"));
        assertTrue(message.length() < 120);
    }
}
