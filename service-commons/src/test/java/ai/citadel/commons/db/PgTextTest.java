package ai.citadel.commons.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** NUL, which PostgreSQL refuses in text and jsonb, becomes U+FFFD; nothing else changes. */
class PgTextTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rawNulsInTextBecomeTheReplacementCharacter() {
        assertEquals("a\uFFFDb\uFFFD", PgText.text("a\0b\0"));
        assertEquals("plain", PgText.text("plain"));
        assertNull(PgText.text(null));
    }

    @Test
    void escapedNulsInJsonBecomeEscapedReplacementCharacters() throws Exception {
        String arguments = JSON.writeValueAsString(new String[] {"q\0x", "\\u0000 is text", "\\\0"});
        assertEquals("[\"q\\u0000x\",\"\\\\u0000 is text\",\"\\\\\\u0000\"]", arguments, "Jackson escapes NUL");

        String stored = PgText.json(arguments);

        assertEquals(List.of("q\uFFFDx", "\\u0000 is text", "\\\uFFFD"),
                List.of(JSON.readValue(stored, String[].class)),
                "an escaped backslash before \"u0000\" is text, not a NUL");
        assertEquals("{\"a\":\"\uFFFD\"}", PgText.json("{\"a\":\"\0\"}"));
        assertNull(PgText.json(null));
    }
}
