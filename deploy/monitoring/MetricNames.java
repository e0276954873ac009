import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names that PromQL expressions read, one expression a line on standard input, printed sorted and once
 * each (e2e/metrics-coverage.sh compares them with what the services expose). A small PromQL lexer: string literals,
 * label matchers {@code {…}}, ranges {@code […]}, label lists after {@code by}, {@code without}, {@code on},
 * {@code ignoring}, {@code group_left} and {@code group_right}, numbers and durations, Grafana variables
 * ({@code $job}, {@code ${job}}), keywords, aggregations and functions (a name followed by {@code (}) are skipped;
 * every other identifier is a metric name.
 * <p>
 * Run: {@code java MetricNames.java < expressions}
 */
public final class MetricNames {

    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "inf", "nan",
            "start", "end", "atan2", "sum", "avg", "count", "min", "max", "stddev", "stdvar", "topk", "bottomk",
            "quantile", "count_values", "group", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    public static void main(String[] args) throws IOException {
        Set<String> names = new TreeSet<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            names.addAll(metricNames(line));
        }
        names.forEach(System.out::println);
    }

    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '{') {
                i = skipTo(expr, i, '}');
            } else if (c == '[') {
                i = skipTo(expr, i, ']');
            } else if (c == '#') {
                i = n;
            } else if (c == '$') {
                i = i + 1 < n && expr.charAt(i + 1) == '{' ? skipTo(expr, i + 1, '}') : skipWord(expr, i + 1);
            } else if (Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1))) {
                i = skipWord(expr, i);
            } else if (identifierStart(c)) {
                int end = skipIdentifier(expr, i);
                String word = expr.substring(i, end);
                int next = skipSpaces(expr, end);
                boolean call = next < n && expr.charAt(next) == '(';
                String keyword = word.toLowerCase();
                if (LABEL_LISTS.contains(keyword)) {
                    i = call ? skipTo(expr, next, ')') : end;
                    continue;
                }
                if (!call && !KEYWORDS.contains(keyword)) {
                    names.add(word);
                }
                i = end;
            } else {
                i++;
            }
        }
        return names;
    }

    private static boolean identifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static int skipIdentifier(String expr, int i) {
        while (i < expr.length() && (identifierStart(expr.charAt(i)) || Character.isDigit(expr.charAt(i)))) {
            i++;
        }
        return i;
    }

    /** A number, a duration ({@code 1h30m}) or a variable's name: letters, digits, dots and underscores. */
    private static int skipWord(String expr, int i) {
        while (i < expr.length() && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.'
                || expr.charAt(i) == '_')) {
            i++;
        }
        return i;
    }

    private static int skipSpaces(String expr, int i) {
        while (i < expr.length() && Character.isWhitespace(expr.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Past the closing character, strings inside skipped whole (a {@code }} in a label value closes nothing). */
    private static int skipTo(String expr, int i, char close) {
        i++;
        while (i < expr.length() && expr.charAt(i) != close) {
            char c = expr.charAt(i);
            i = c == '"' || c == '\'' || c == '`' ? skipString(expr, i) : i + 1;
        }
        return i + 1;
    }

    private static int skipString(String expr, int i) {
        char quote = expr.charAt(i++);
        while (i < expr.length() && expr.charAt(i) != quote) {
            i += expr.charAt(i) == '\\' && quote != '`' ? 2 : 1;
        }
        return i + 1;
    }
}
