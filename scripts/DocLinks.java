import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps the documentation's links from rotting (run by {@code ./citadel test}; {@code java scripts/DocLinks.java}
 * from the repository root). Fails, listing each problem, when
 * <ul>
 *   <li>a relative link of a Markdown file names a file that does not exist, or an anchor its target lacks
 *       (anchors as GitHub derives them from headings);</li>
 *   <li>any file names a Markdown file ({@code docs/architecture.md#degradation} in a code comment) that the
 *       repository does not hold, or with an anchor it lacks: documents kept outside the repository are no design
 *       of record (docs/architecture.md is), and only other projects' documents, listed here, are exempt.</li>
 * </ul>
 * Test fixtures ({@code src/test/resources}) are data, not documentation, and are not read.
 */
public class DocLinks {

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of(".git", "target", "node_modules", "var", ".idea");
    /** Other projects' documents that Citadel's files cite: Ollama's API reference. */
    private static final Set<String> OTHER_PROJECTS_DOCUMENTS = Set.of("docs/api.md");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+).*?\\1");
    private static final Pattern FILE_REFERENCE = Pattern.compile("(?<![\\w./-])((?:[\\w.-]+/)*[\\w.-]+\\.md)(#[\\w-]+)?");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:|^//");

    private final Path root;
    private final Map<Path, Set<String>> anchors = new HashMap<>();
    /** A set: a Markdown link is also a file name in the text, and one problem is reported once. */
    private final Set<String> problems = new LinkedHashSet<>();
    private int checked;

    DocLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public static void main(String[] args) throws IOException {
        DocLinks check = new DocLinks(Path.of(args.length > 0 ? args[0] : "."));
        check.run();
        if (!check.problems.isEmpty()) {
            check.problems.forEach(p -> System.err.println("doc links: " + p));
            System.err.println("doc links: " + check.problems.size() + " problem(s)");
            System.exit(1);
        }
        System.out.println("doc links: " + check.checked + " links and references resolve");
    }

    void run() throws IOException {
        for (Path file : files()) {
            String text = read(file);
            if (text == null) {
                continue;
            }
            if (file.toString().endsWith(".md")) {
                checkMarkdownLinks(file, text);
            }
            checkFileReferences(file, text);
        }
    }

    private void checkMarkdownLinks(Path file, String text) throws IOException {
        String[] lines = text.split("\n", -1);
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (target.isEmpty() || SCHEME.matcher(target).find()) {
                    continue;
                }
                int hash = target.indexOf('#');
                String path = URLDecoder.decode(hash < 0 ? target : target.substring(0, hash), StandardCharsets.UTF_8);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                checkTarget(root.relativize(file) + ":" + (i + 1), target, resolved, anchor);
            }
        }
    }

    /**
     * Markdown files named as text ({@code docs/gateway.md#audit}), relative to the naming file's folder or to the
     * repository root.
     */
    private void checkFileReferences(Path file, String text) throws IOException {
        Matcher reference = FILE_REFERENCE.matcher(text);
        while (reference.find()) {
            String name = reference.group(1);
            if (OTHER_PROJECTS_DOCUMENTS.contains(name)) {
                continue;
            }
            Path resolved = file.getParent().resolve(name).normalize();
            if (!resolved.startsWith(root) || !Files.isRegularFile(resolved)) {
                resolved = root.resolve(name).normalize();
            }
            String anchor = reference.group(2) == null ? null : reference.group(2).substring(1);
            checkTarget(where(file, text, reference.start()), reference.group(), resolved, anchor);
        }
    }

    private void checkTarget(String where, String target, Path resolved, String anchor) throws IOException {
        checked++;
        if (!resolved.startsWith(root) || !Files.exists(resolved)) {
            problems.add(where + ": " + target + ": no such file");
        } else if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")
                && !anchorsOf(resolved).contains(anchor)) {
            problems.add(where + ": " + target + ": no heading or anchor '" + anchor + "' in " + root.relativize(resolved));
        }
    }

    /** The anchors GitHub gives a Markdown file: one per heading (duplicates numbered), and explicit HTML anchors. */
    private Set<String> anchorsOf(Path file) throws IOException {
        Set<String> known = anchors.get(file);
        if (known != null) {
            return known;
        }
        known = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : Files.readString(file).split("\n", -1)) {
            if (line.strip().startsWith("```") || line.strip().startsWith("~~~")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                known.add(n == 0 ? slug : slug + "-" + n);
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                known.add(html.group(1));
            }
        }
        anchors.put(file, known);
        return known;
    }

    /** GitHub's heading anchor: link text kept, markup and punctuation dropped, lower case, spaces as hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\p{M}_\\- ]", "").replace(' ', '-');
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> root.relativize(p).getNameCount() > 0)
                    .filter(p -> {
                        for (Path part : root.relativize(p)) {
                            if (SKIPPED_DIRECTORIES.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .filter(p -> !root.relativize(p).toString().replace('\\', '/').contains("src/test/resources/"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    /** A text file's content; null for binaries and large files, which hold no links. */
    private static String read(Path file) throws IOException {
        if (Files.size(file) > 2_000_000) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private String where(Path file, String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return root.relativize(file) + ":" + line;
    }
}
