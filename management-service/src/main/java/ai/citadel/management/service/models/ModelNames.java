package ai.citadel.management.service.models;

import java.util.Locale;

/** Model names as Ollama compares them: {@code phi3} is {@code phi3:latest}; case does not matter. */
public final class ModelNames {

    private ModelNames() {
    }

    /** The name with its tag ({@code :latest} when it has none), lower case. */
    public static String canonical(String name) {
        String trimmed = name.strip().toLowerCase(Locale.ROOT);
        int slash = trimmed.lastIndexOf('/');
        return trimmed.indexOf(':', slash + 1) < 0 ? trimmed + ":latest" : trimmed;
    }

    public static boolean same(String a, String b) {
        return a != null && b != null && canonical(a).equals(canonical(b));
    }
}
