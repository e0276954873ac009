package ai.citadel.testing.contract;

/**
 * One request {@link HostileRequests} made: its number in the run (with the seed, enough to make it again), what
 * kind of hostility it carries, the operation it targets, and its bytes exactly as sent.
 */
public record HostileRequest(int index, HostileRequests.Kind kind, String operation, String note, byte[] bytes,
                             boolean head) {

    private static final int SHOWN_CHARS = 700;

    /** The request for a person: what was done, then its bytes ({@code \r\n}, {@code \xNN}, long runs folded). */
    public String describe() {
        return "#" + index + " " + kind + " on " + operation + " (" + note + "), " + bytes.length + " bytes: "
                + shown(bytes);
    }

    /** Printable ASCII as is, everything else escaped, runs of one byte folded, the middle of a long request cut. */
    static String shown(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length; ) {
            int run = 1;
            while (i + run < bytes.length && bytes[i + run] == bytes[i]) {
                run++;
            }
            String one = escaped(bytes[i]);
            text.append(run > 8 ? one + "{x" + run + "}" : one.repeat(run));
            i += run;
        }
        return text.length() <= SHOWN_CHARS ? text.toString()
                : text.substring(0, SHOWN_CHARS - 150) + " [... " + (text.length() - SHOWN_CHARS) + " chars ...] "
                + text.substring(text.length() - 150);
    }

    private static String escaped(byte b) {
        int c = b & 0xff;
        return switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\\' -> "\\\\";
            default -> c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02X", c);
        };
    }
}
