package ai.citadel.model.common;

import org.junit.jupiter.api.Test;

import java.util.List;

import static ai.citadel.model.WireJson.assertSameJson;
import static ai.citadel.model.WireJson.parse;
import static ai.citadel.model.WireJson.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StringOrListTest {

    @Test
    void aBareStringStaysABareString() {
        StringOrList value = parse("\"\\n\"", StringOrList.class);
        assertTrue(value.single());
        assertEquals(List.of("\n"), value.values());
        assertSameJson("\"\\n\"", write(value), "bare string");
    }

    @Test
    void anArrayStaysAnArray() {
        StringOrList value = parse("[\"a\",\"b\"]", StringOrList.class);
        assertFalse(value.single());
        assertEquals(List.of("a", "b"), value.values());
        assertSameJson("[\"a\",\"b\"]", write(value), "array");
        assertSameJson("[\"x\"]", write(StringOrList.of(List.of("x"))), "one-element array");
    }

    @Test
    void aSingleFormHoldsExactlyOneValue() {
        assertThrows(IllegalArgumentException.class, () -> new StringOrList(List.of("a", "b"), true));
    }
}
