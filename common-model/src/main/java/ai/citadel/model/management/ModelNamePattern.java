package ai.citadel.model.management;

/** What a model name sent to the management API may look like: Ollama's names, nothing a log line must escape. */
public final class ModelNamePattern {

    /** {@code phi3}, {@code phi3:latest}, {@code library/phi3:3.8b}, {@code hf.co/org/model:Q4_K_M}. */
    public static final String PATTERN = "[A-Za-z0-9][A-Za-z0-9._:/+-]*";
    public static final String MESSAGE = "must be an Ollama model name: letters, digits and . _ : / + -";

    private ModelNamePattern() {
    }
}
