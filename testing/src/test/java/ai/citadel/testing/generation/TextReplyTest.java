package ai.citadel.testing.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.citadel.testing.TestHttp;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TextReplyTest {

    @Test
    void repliesCycleThroughThePromptsWords() {
        TextReply reply = TextReply.forPrompt("Hello, world!", 5, OptionalInt.empty(), false);

        assertEquals(List.of("Hello", " world", " Hello", " world", " Hello"), reply.tokens());
        assertEquals("stop", reply.finishReason());
    }

    @Test
    void theRequestsLimitTruncatesWithLength() {
        TextReply reply = TextReply.forPrompt("a b c", 12, OptionalInt.of(2), false);

        assertEquals("a b", reply.text());
        assertTrue(reply.truncated());
        assertEquals("length", reply.finishReason());
    }

    @Test
    void aLimitAboveTheLengthDoesNotTruncate() {
        assertFalse(TextReply.forPrompt("a", 3, OptionalInt.of(3), false).truncated());
    }

    @Test
    void jsonRepliesParse() {
        TextReply reply = TextReply.forPrompt("say \"hi\" {now}", 6, OptionalInt.empty(), true);

        assertEquals(6, reply.tokenCount());
        assertEquals("say hi now say", TestHttp.json(reply.text()).path("reply").asText());
    }

    @Test
    void aPromptWithoutWordsStillGetsAnAnswer() {
        assertEquals("ok ok", TextReply.forPrompt("?!", 2, OptionalInt.empty(), false).text());
    }
}
