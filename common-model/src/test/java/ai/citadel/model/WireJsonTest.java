package ai.citadel.model;

import org.junit.jupiter.api.Test;

import static ai.citadel.model.WireJson.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The round-trip check itself: it must notice a lost or changed field, and only ignore number spelling. */
class WireJsonTest {

    @Test
    void numbersCompareByValue() {
        assertSameJson("{\"t\":0,\"p\":[1.0,2]}", "{\"t\":0.0,\"p\":[1,2.00]}", "numbers");
    }

    @Test
    void aDroppedFieldIsNoticed() {
        assertThrows(AssertionError.class,
                () -> assertSameJson("{\"a\":1,\"b\":null}", "{\"a\":1}", "dropped null"));
        assertThrows(AssertionError.class,
                () -> assertSameJson("{\"a\":{\"b\":[1,2]}}", "{\"a\":{\"b\":[1]}}", "dropped element"));
    }

    @Test
    void aChangedTypeIsNoticed() {
        assertThrows(AssertionError.class, () -> assertSameJson("{\"a\":\"1\"}", "{\"a\":1}", "string vs number"));
        assertThrows(AssertionError.class, () -> assertSameJson("{\"a\":\"x\"}", "{\"a\":[\"x\"]}", "string vs array"));
    }
}
