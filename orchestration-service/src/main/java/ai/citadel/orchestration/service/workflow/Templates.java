package ai.citadel.orchestration.service.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates of step params: {@code {{input.<path>}}} and {@code {{<step>.output<path>}}}, where a path is
 * {@code .name} and {@code [n]} segments and whitespace inside the braces is allowed. References only: nothing is
 * ever evaluated (no expressions, no calls), and there is no escape, so every <code>{{</code> starts a template.
 */
public final class Templates {

    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";
    private static final Pattern ROOT = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern SEGMENT = Pattern.compile("(?:\\.([A-Za-z0-9_-]+)|\\[(\\d{1,9})])");
    private static final int QUOTED_LENGTH = 100;
    private static final String FORMS = "write {{input.<name>}} or {{<step>.output}}, followed by .name and [n]"
            + " segments";

    private Templates() {
    }

    /**
     * Renders a step's params: every string holding templates, in nested objects and arrays too, gets their values.
     * A string that is exactly one template becomes the referenced value, whatever its type (an array stays an
     * array); in a string that mixes text and templates, strings go in as they are and other values as compact JSON.
     * Object keys are left as they are.
     *
     * @param context {@code {input: {…}, <stepId>: {output: …}, …}}: the workflow input and the outputs of the steps
     *                finished so far
     * @throws TemplateException when a reference has no value in the context (a missing field, an index out of
     *                           range) or a template is malformed; it names the reference
     */
    public static ObjectNode render(ObjectNode params, ObjectNode context) {
        return (ObjectNode) render((JsonNode) params, context);
    }

    /** The references of a string, in order. @throws TemplateException when a template is malformed */
    static List<TemplateReference> references(String text) {
        List<TemplateReference> references = new ArrayList<>();
        for (Object part : parse(text)) {
            if (part instanceof TemplateReference reference) {
                references.add(reference);
            }
        }
        return references;
    }

    /** Whether the string is one template and nothing else, so that it renders to a value of any type. */
    static boolean isSoleReference(String text) {
        try {
            List<Object> parts = parse(text);
            return parts.size() == 1 && parts.getFirst() instanceof TemplateReference;
        } catch (TemplateException e) {
            return false;
        }
    }

    private static JsonNode render(JsonNode node, ObjectNode context) {
        return switch (node.getNodeType()) {
            case STRING -> renderText(node, context);
            case OBJECT -> {
                ObjectNode rendered = JsonNodeFactory.instance.objectNode();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    rendered.set(field.getKey(), render(field.getValue(), context));
                }
                yield rendered;
            }
            case ARRAY -> {
                ArrayNode rendered = JsonNodeFactory.instance.arrayNode(node.size());
                node.forEach(item -> rendered.add(render(item, context)));
                yield rendered;
            }
            default -> node;
        };
    }

    private static JsonNode renderText(JsonNode node, ObjectNode context) {
        String text = node.textValue();
        if (!text.contains(OPEN)) {
            return node;
        }
        List<Object> parts = parse(text);
        if (parts.size() == 1 && parts.getFirst() instanceof TemplateReference reference) {
            // a copy: the rendered params must not share nodes with the context they came from
            return reference.resolve(context).deepCopy();
        }
        StringBuilder rendered = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof TemplateReference reference) {
                JsonNode value = reference.resolve(context);
                rendered.append(value.isTextual() ? value.textValue() : value.toString());
            } else {
                rendered.append((String) part);
            }
        }
        return TextNode.valueOf(rendered.toString());
    }

    /** Literal text ({@link String}) and references ({@link TemplateReference}), in order. */
    private static List<Object> parse(String text) {
        List<Object> parts = new ArrayList<>();
        int from = 0;
        for (int open = text.indexOf(OPEN); open >= 0; open = text.indexOf(OPEN, from)) {
            if (open > from) {
                parts.add(text.substring(from, open));
            }
            int close = text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                String unclosed = text.substring(open);
                throw malformed(unclosed, "'{{' is not closed by '}}'");
            }
            from = close + CLOSE.length();
            parts.add(reference(text.substring(open, from)));
        }
        if (from < text.length()) {
            parts.add(text.substring(from));
        }
        return parts;
    }

    private static TemplateReference reference(String template) {
        String inner = template.substring(OPEN.length(), template.length() - CLOSE.length()).strip();
        if (inner.isEmpty()) {
            throw malformed(template, "it names nothing; " + FORMS);
        }
        Matcher root = ROOT.matcher(inner);
        if (!root.lookingAt()) {
            throw malformed(template, FORMS);
        }
        List<Object> path = new ArrayList<>();
        Matcher segment = SEGMENT.matcher(inner);
        for (int end = root.end(); end < inner.length(); end = segment.end()) {
            if (!segment.region(end, inner.length()).lookingAt()) {
                throw malformed(template, FORMS);
            }
            path.add(segment.group(1) != null ? segment.group(1) : Integer.valueOf(segment.group(2)));
        }
        String name = root.group();
        if (name.equals(TemplateReference.INPUT)) {
            return new TemplateReference(template, null, List.copyOf(path));
        }
        if (path.isEmpty() || !TemplateReference.OUTPUT.equals(path.getFirst())) {
            throw malformed(template, "a step's result is read as {{" + name + ".output}}, followed by .name and"
                    + " [n] segments");
        }
        return new TemplateReference(template, name, List.copyOf(path.subList(1, path.size())));
    }

    private static TemplateException malformed(String template, String why) {
        String quoted = template.length() > QUOTED_LENGTH ? template.substring(0, QUOTED_LENGTH) + "…" : template;
        return new TemplateException(quoted, "malformed template " + quoted + ": " + why);
    }
}
