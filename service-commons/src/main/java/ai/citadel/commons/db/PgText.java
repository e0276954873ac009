package ai.citadel.commons.db;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text storable by PostgreSQL, which holds any Unicode character in {@code text} and {@code jsonb} except NUL:
 * a NUL, raw or (in JSON) escaped as <code>&#92;u0000</code>, is refused and would fail the whole audit batch. Each one
 * becomes U+FFFD, the replacement character, so the rest of the text is stored as the client sent it.
 */
public final class PgText {

    private static final char REPLACEMENT = '\uFFFD';
    /** <code>&#92;u0000</code> after an even number of backslashes: an escape, not an escaped backslash and "u0000". */
    private static final Pattern ESCAPED_NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");
    private static final String ESCAPED_REPLACEMENT = "$1" + Matcher.quoteReplacement("\\ufffd");

    private PgText() {
    }

    /** The value for a {@code text} column. */
    public static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', REPLACEMENT);
    }

    /** The value for a {@code jsonb} column, given as JSON text. */
    public static String json(String value) {
        String text = text(value);
        return text == null || !text.contains("\\u0000") ? text
                : ESCAPED_NUL.matcher(text).replaceAll(ESCAPED_REPLACEMENT);
    }
}
