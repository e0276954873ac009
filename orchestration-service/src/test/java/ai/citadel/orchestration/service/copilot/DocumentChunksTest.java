package ai.citadel.orchestration.service.copilot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DocumentChunksTest {

    @Test
    void aShortTextIsOneChunk() {
        assertEquals(List.of("Backups run nightly."), DocumentChunks.split("  Backups run nightly.\n", 200));
    }

    @Test
    void chunksEndAtParagraphsFirst() {
        String text = "First paragraph. A bit longer than half.\n\nSecond one. Also of some length.";
        assertEquals(List.of("First paragraph. A bit longer than half.", "Second one. Also of some length."),
                DocumentChunks.split(text, 60));
    }

    @Test
    void thenAtSentenceEndsThenAtSpaces() {
        assertEquals(List.of("One two three. Four five.", "Six seven eight nine ten."),
                DocumentChunks.split("One two three. Four five. Six seven eight nine ten.", 30));
        assertEquals(List.of("alpha beta gamma", "delta epsilon"), DocumentChunks.split("alpha beta gamma delta epsilon", 20));
    }

    @Test
    void aWordLongerThanTheLimitIsCutAndNothingIsLost() {
        String text = "x".repeat(25) + " tail";
        List<String> chunks = DocumentChunks.split(text, 10);
        assertEquals(String.join("", chunks).replace(" ", ""), text.replace(" ", ""));
        assertTrue(chunks.stream().allMatch(chunk -> chunk.length() <= 10), chunks.toString());
    }
}
