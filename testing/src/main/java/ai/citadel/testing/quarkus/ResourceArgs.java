package ai.citadel.testing.quarkus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The init args of a test resource ({@code @ResourceArg}), read with defaults. */
final class ResourceArgs {

    private final Map<String, String> args;

    ResourceArgs(Map<String, String> args) {
        this.args = Map.copyOf(args);
    }

    String text(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    Optional<String> optional(String name) {
        return Optional.ofNullable(args.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }

    int integer(String name, int defaultValue) {
        return optional(name).map(value -> {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("init arg " + name + " must be a number, got " + value, e);
            }
        }).orElse(defaultValue);
    }

    /** A comma-separated list. */
    List<String> list(String name) {
        return optional(name).map(value -> Arrays.stream(value.split(",")).map(String::trim)
                .filter(item -> !item.isEmpty()).toList()).orElse(List.of());
    }
}
