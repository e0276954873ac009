package ai.citadel.testing.ollama;

import ai.citadel.testing.SimulatedModel;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The models an Ollama simulator has installed (pull adds, delete removes) and those a request recently loaded. */
final class OllamaModelStore {

    /** Ollama's default keep_alive. */
    private static final Duration KEEP_ALIVE = Duration.ofMinutes(5);

    record Installed(SimulatedModel model, Instant modifiedAt) {
    }

    record Loaded(SimulatedModel model, Instant expiresAt) {
    }

    private final Map<String, Installed> installed = new ConcurrentHashMap<>();
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    OllamaModelStore(List<SimulatedModel> models) {
        Instant now = Instant.now();
        models.forEach(model -> install(model.withName(OllamaNames.withTag(model.name())), now));
    }

    Optional<SimulatedModel> find(String requested) {
        return findInstalled(requested).map(Installed::model);
    }

    Optional<Installed> findInstalled(String requested) {
        return Optional.ofNullable(installed.get(OllamaNames.key(requested)));
    }

    /** Installs a pulled model: a known one keeps its figures, an unknown one becomes a generic chat model. */
    SimulatedModel pull(String requested) {
        SimulatedModel model = find(requested)
                .orElseGet(() -> SimulatedModel.named(OllamaNames.withTag(requested)));
        install(model, Instant.now());
        return model;
    }

    boolean remove(String requested) {
        loaded.remove(OllamaNames.key(requested));
        return installed.remove(OllamaNames.key(requested)) != null;
    }

    /** Most recently modified first, as {@code /api/tags} lists them. */
    List<Installed> installed() {
        return installed.values().stream()
                .sorted(Comparator.comparing(Installed::modifiedAt).reversed()
                        .thenComparing(entry -> entry.model().name()))
                .toList();
    }

    void markLoaded(SimulatedModel model) {
        loaded.put(OllamaNames.key(model.name()), new Loaded(model, Instant.now().plus(KEEP_ALIVE)));
    }

    /** Longest time left first, as {@code /api/ps} lists them. */
    List<Loaded> loaded() {
        Instant now = Instant.now();
        loaded.values().removeIf(entry -> entry.expiresAt().isBefore(now));
        return loaded.values().stream().sorted(Comparator.comparing(Loaded::expiresAt).reversed()).toList();
    }

    private void install(SimulatedModel model, Instant modifiedAt) {
        installed.put(OllamaNames.key(model.name()), new Installed(model, modifiedAt));
    }
}
