package ai.citadel.orchestration.service.workflow;

/**
 * A step's params cannot be rendered: a template is malformed, or a reference has no value (a path the output or the
 * input lacks, an index out of range). Retrying cannot change that, so the step fails at once with this message,
 * which names the reference.
 */
public class TemplateException extends RuntimeException {

    private final String template;

    TemplateException(String template, String message) {
        super(message);
        this.template = template;
    }

    /** The template as written, braces included, e.g. {@code {{search.output.matches[3].text}}}. */
    public String template() {
        return template;
    }
}
