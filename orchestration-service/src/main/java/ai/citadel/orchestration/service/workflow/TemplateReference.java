package ai.citadel.orchestration.service.workflow;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * One {@code {{…}}} of a step's params: the workflow input ({@code {{input.question}}}) or a step's output
 * ({@code {{search.output.matches[0].text}}}), then a path of {@code .name} and {@code [n]} segments.
 *
 * @param template the template as written, braces and inner whitespace included
 * @param stepId   the step whose output it reads; null for the workflow input
 * @param path     the segments after {@code input} or {@code <step>.output}: {@link String} names and {@link Integer}
 *                 indexes
 */
record TemplateReference(String template, String stepId, List<Object> path) {

    static final String INPUT = "input";
    static final String OUTPUT = "output";

    boolean readsInput() {
        return stepId == null;
    }

    /**
     * The referenced value in a context {@code {input: …, <stepId>: {output: …}, …}}.
     *
     * @throws TemplateException naming the reference and the first segment that has no value
     */
    JsonNode resolve(JsonNode context) {
        String at = readsInput() ? INPUT : stepId + "." + OUTPUT;
        JsonNode value = readsInput() ? context.get(INPUT) : outputOf(context);
        if (value == null) {
            throw noValue(readsInput() ? "the workflow has no input" : "step '" + stepId + "' has no output");
        }
        for (Object segment : path) {
            JsonNode next;
            if (segment instanceof Integer index) {
                if (!value.isArray()) {
                    throw noValue(at + " is " + kind(value) + ", not an array");
                }
                if (index >= value.size()) {
                    throw noValue(at + " has " + value.size() + (value.size() == 1 ? " item" : " items"));
                }
                next = value.get(index);
                at += "[" + index + "]";
            } else {
                String name = (String) segment;
                if (!value.isObject()) {
                    throw noValue(at + " is " + kind(value) + ", not an object");
                }
                next = value.get(name);
                if (next == null) {
                    throw noValue(at + " has no field '" + name + "'");
                }
                at += "." + name;
            }
            value = next;
        }
        return value;
    }

    private JsonNode outputOf(JsonNode context) {
        JsonNode step = context.get(stepId);
        return step == null ? null : step.get(OUTPUT);
    }

    private TemplateException noValue(String why) {
        return new TemplateException(template, template + " has no value: " + why);
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase();
        };
    }
}
