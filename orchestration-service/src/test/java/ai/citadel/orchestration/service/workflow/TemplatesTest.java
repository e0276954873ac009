package ai.citadel.orchestration.service.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectNode CONTEXT = json("""
            {"input": {"question": "why is the sky blue?", "top": 3, "tags": ["a", "b"]},
             "embed": {"output": {"embedding": [0.5, -1.0], "dimensions": 2}},
             "search": {"output": {"matches": [{"text": "Rayleigh scattering", "score": 0.9}], "empty": null}},
             "pending": {}}""");

    @Test
    void aStringThatIsOneReferenceBecomesTheValueWhateverItsType() {
        ObjectNode rendered = Templates.render(json("""
                {"vector": "{{embed.output.embedding}}", "limit": "{{input.top}}",
                 "first": "{{ search.output.matches[0] }}", "text": "{{search.output.matches[0].text}}",
                 "nothing": "{{search.output.empty}}", "all": "{{input}}"}"""), CONTEXT);
        assertEquals(json("""
                {"vector": [0.5, -1.0], "limit": 3, "first": {"text": "Rayleigh scattering", "score": 0.9},
                 "text": "Rayleigh scattering", "nothing": null,
                 "all": {"question": "why is the sky blue?", "top": 3, "tags": ["a", "b"]}}"""), rendered);
    }

    @Test
    void textMixedWithReferencesGetsStringsAsTheyAreAndOtherValuesAsCompactJson() {
        ObjectNode rendered = Templates.render(json("""
                {"prompt": "Q: {{input.question}}\\nContext: {{search.output.matches}} (top {{ input.top }}, {{input.tags[1]}})"}"""),
                CONTEXT);
        assertEquals("Q: why is the sky blue?\nContext: [{\"text\":\"Rayleigh scattering\",\"score\":0.9}] (top 3, b)",
                rendered.get("prompt").textValue());
    }

    @Test
    void nestedObjectsAndArraysAreRenderedAndKeysAndOtherValuesLeftAlone() {
        ObjectNode params = json("""
                {"messages": [{"role": "system", "content": "Be brief."},
                              {"role": "user", "content": "{{input.question}}"}],
                 "filter": {"{{input.question}}": ["{{input.top}}", true, 1.5, null]},
                 "plain": "no template here", "braces": "}} {x} {"}""");
        ObjectNode original = params.deepCopy();
        ObjectNode rendered = Templates.render(params, CONTEXT);
        assertEquals(json("""
                {"messages": [{"role": "system", "content": "Be brief."},
                              {"role": "user", "content": "why is the sky blue?"}],
                 "filter": {"{{input.question}}": [3, true, 1.5, null]},
                 "plain": "no template here", "braces": "}} {x} {"}"""), rendered);
        assertEquals(original, params, "the params given are not changed");
    }

    @Test
    void renderedValuesAreCopiesSoChangingThemLeavesTheContextAlone() {
        ObjectNode context = CONTEXT.deepCopy();
        ObjectNode rendered = Templates.render(json("{\"vector\": \"{{embed.output.embedding}}\"}"), context);
        rendered.withArray("vector").add(7);
        assertEquals(CONTEXT, context);
    }

    @Test
    void paramsWithoutTemplatesComeBackEqual() {
        ObjectNode params = json("{\"collection\": \"docs\", \"limit\": 5}");
        assertEquals(params, Templates.render(params, CONTEXT));
        assertSame(params.get("collection"), Templates.render(params, CONTEXT).get("collection"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {{input.missing}}                  | {{input.missing}} has no value: input has no field 'missing'
            {{ search.output.matches[1].text }} | {{ search.output.matches[1].text }} has no value: search.output.matches has 1 item
            {{input.tags[2]}}                  | {{input.tags[2]}} has no value: input.tags has 2 items
            {{input.question.length}}          | {{input.question.length}} has no value: input.question is a string, not an object
            {{search.output.matches.text}}     | {{search.output.matches.text}} has no value: search.output.matches is an array, not an object
            {{embed.output[0]}}                | {{embed.output[0]}} has no value: embed.output is an object, not an array
            {{search.output.empty.x}}          | {{search.output.empty.x}} has no value: search.output.empty is null, not an object
            {{pending.output}}                 | {{pending.output}} has no value: step 'pending' has no output
            {{later.output.text}}              | {{later.output.text}} has no value: step 'later' has no output
            """)
    void aReferenceWithNoValueFailsNamingIt(String template, String message) {
        TemplateException e = assertThrows(TemplateException.class,
                () -> Templates.render(params("Text: " + template), CONTEXT));
        assertEquals(message, e.getMessage());
        assertEquals(template, e.template());
    }

    @Test
    void aReferenceToTheInputOfAWorkflowWithoutOneFails() {
        TemplateException e = assertThrows(TemplateException.class,
                () -> Templates.render(params("{{input.question}}"), json("{}")));
        assertEquals("{{input.question}} has no value: the workflow has no input", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "Text {{input.question"   | "malformed template {{input.question: '{{' is not closed by '}}'"
            "{{"                      | "malformed template {{: '{{' is not closed by '}}'"
            "{{ }}"                   | "malformed template {{ }}: it names nothing; write {{input.<name>}} or {{<step>.output}}, followed by .name and [n] segments"
            "{{search.matches}}"      | "malformed template {{search.matches}}: a step's result is read as {{search.output}}, followed by .name and [n] segments"
            "{{search}}"              | "malformed template {{search}}: a step's result is read as {{search.output}}, followed by .name and [n] segments"
            "{{input.top + 1}}"       | "malformed template {{input.top + 1}}: write {{input.<name>}} or {{<step>.output}}, followed by .name and [n] segments"
            "{{input.question.toUpperCase()}}" | "malformed template {{input.question.toUpperCase()}}: write {{input.<name>}} or {{<step>.output}}, followed by .name and [n] segments"
            "{{input.tags[-1]}}"      | "malformed template {{input.tags[-1]}}: write {{input.<name>}} or {{<step>.output}}, followed by .name and [n] segments"
            "{{input. question}}"     | "malformed template {{input. question}}: write {{input.<name>}} or {{<step>.output}}, followed by .name and [n] segments"
            "{{${java.home}}}"        | "malformed template {{${java.home}}: write {{input.<name>}} or {{<step>.output}}, followed by .name and [n] segments"
            """)
    void malformedTemplatesAreRefusedAndNothingIsEvaluated(String text, String message) {
        TemplateException e = assertThrows(TemplateException.class, () -> Templates.render(params(text), CONTEXT));
        assertEquals(message, e.getMessage());
    }

    private static ObjectNode params(String text) {
        return JSON.createObjectNode().put("text", text);
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
