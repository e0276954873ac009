package ai.citadel.orchestration.service.copilot;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a document into chunks of at most a given number of characters for embedding, at the last paragraph break,
 * else sentence end, else space within the limit (a word longer than the limit is cut), so a chunk holds whole
 * thoughts where it can. Chunks are trimmed; empty ones are dropped.
 */
final class DocumentChunks {

    private DocumentChunks() {
    }

    static List<String> split(String text, int maxChars) {
        List<String> chunks = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + maxChars);
            if (end < text.length()) {
                end = breakBefore(text, start, end);
            }
            String chunk = text.substring(start, end).strip();
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            }
            start = end;
        }
        return chunks;
    }

    /** The best place to end a chunk that may not reach past {@code limit}. */
    private static int breakBefore(String text, int start, int limit) {
        int floor = start + (limit - start) / 2;
        int paragraph = text.lastIndexOf("\n\n", limit - 1);
        if (paragraph > floor) {
            return paragraph + 2;
        }
        for (int i = limit - 1; i > floor; i--) {
            char c = text.charAt(i - 1);
            if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(text.charAt(i))) {
                return i + 1;
            }
        }
        int space = text.lastIndexOf(' ', limit - 1);
        return space > start ? space + 1 : limit;
    }
}
