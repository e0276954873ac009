package ai.citadel.commons.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddingInputsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aStringOrAnArrayOfStrings() {
        assertEquals(List.of("one"), EmbeddingInputs.texts(json("\"one\""), 2));
        assertEquals(List.of("one", "two"), EmbeddingInputs.texts(json("[\"one\",\"two\"]"), 2));
    }

    @Test
    void moreInputsThanAllowedIsA400NamingInput() {
        ApiException refused = assertThrows(ApiException.class,
                () -> EmbeddingInputs.texts(json("[\"a\",\"b\",\"c\"]"), 2));
        assertEquals(400, refused.status());
        assertEquals("input", refused.param());
        assertTrue(refused.getMessage().contains("at most 2"), refused.getMessage());
    }

    @Test
    void tokenIdsEmptyInputsAndOtherShapesAreRefused() {
        for (String input : List.of("[[1,2,3]]", "[1,2,3]", "[]", "\"\"", "[\"a\",\"\"]", "{}", "null", "7")) {
            ApiException refused = assertThrows(ApiException.class, () -> EmbeddingInputs.texts(json(input), 10),
                    input);
            assertEquals(400, refused.status(), input);
            assertEquals("input", refused.param(), input);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
