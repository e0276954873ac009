package ai.citadel.testing.ollama;

import java.util.Locale;

/** Ollama's model naming: {@code [namespace/]model[:tag]}, the tag defaulting to {@code latest}, case-insensitive. */
final class OllamaNames {

    private OllamaNames() {
    }

    /** The name with its tag: {@code phi3} becomes {@code phi3:latest}. */
    static String withTag(String name) {
        String trimmed = name.trim();
        int lastSlash = trimmed.lastIndexOf('/');
        return trimmed.indexOf(':', lastSlash + 1) >= 0 ? trimmed : trimmed + ":latest";
    }

    /** The key two spellings of one model share. */
    static String key(String name) {
        return withTag(name).toLowerCase(Locale.ROOT);
    }
}
