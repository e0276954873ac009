package ai.citadel.commons.text;

/**
 * Tokens of embedding inputs when no tokenizer is at hand: about four characters a token, at least one per input.
 * embedding-service reports its usage this way and the gateway counts cached inputs the same, so a vector served
 * from either one's cache costs what computing it would have.
 */
public final class TokenEstimates {

    private TokenEstimates() {
    }

    public static int of(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    public static int of(Iterable<String> texts) {
        int tokens = 0;
        for (String text : texts) {
            tokens += of(text);
        }
        return tokens;
    }
}
