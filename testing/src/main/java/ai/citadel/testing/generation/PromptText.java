package ai.citadel.testing.generation;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Reads prompts the simple way the simulators need: as words, one "token" each. */
public final class PromptText {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    private PromptText() {
    }

    /** Runs of letters and digits, in order; punctuation and spacing dropped. */
    public static List<String> words(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(NON_WORD.split(text)).filter(word -> !word.isEmpty()).toList();
    }

    /** The prompt's token count as the simulators report it: one per word, at least one. */
    public static int tokenCount(String text) {
        return Math.max(1, words(text).size());
    }
}
