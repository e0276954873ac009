package ai.citadel.embedding.service;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.embedding.client.OllamaClient;
import ai.citadel.embedding.config.EmbeddingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The configured models, the default one and the fallback order. */
@ApplicationScoped
public class ModelCatalog {

    static final String IN_PROCESS_MODEL = "all-minilm";
    /** The metric label of every model the catalog does not have: labels never carry the caller's text. */
    static final String UNKNOWN_LABEL = "unknown";
    private static final String OLLAMA_DEFAULT_MODEL = "nomic-embed-text";

    private final Map<String, EmbeddingModel> models = new TreeMap<>();
    private final List<String> fallbackChain;
    private final String defaultModel;
    private final Rejections rejections;

    public ModelCatalog(EmbeddingConfig config, OllamaClient ollama, Rejections rejections) {
        this.rejections = rejections;
        config.models().forEach((name, model) ->
                models.put(name, new EmbeddingModel(name, model.dimensions(), model.maxContext(), model.source())));
        fallbackChain = config.fallbackChain();
        defaultModel = config.defaultModel()
                .orElse(ollama.hasHosts() ? OLLAMA_DEFAULT_MODEL : IN_PROCESS_MODEL);
        resolve(defaultModel);
        fallbackChain.forEach(this::resolve);
    }

    public List<EmbeddingModel> all() {
        return List.copyOf(models.values());
    }

    public String defaultModel() {
        return defaultModel;
    }

    /**
     * The named model, the default one when {@code name} is blank; an unknown name is counted and refused (400
     * {@code unknown_model}).
     */
    public EmbeddingModel resolve(String name) {
        EmbeddingModel model = find(name);
        if (model == null) {
            rejections.count(Rejections.UNKNOWN_MODEL, UNKNOWN_LABEL);
            throw new ApiException(400, "unknown_model", "unknown model '" + name + "'; valid models: "
                    + String.join(", ", models.keySet()), "model");
        }
        return model;
    }

    /** The model's name as a metric label: a catalog name, or {@value #UNKNOWN_LABEL}. */
    public String metricLabel(String name) {
        EmbeddingModel model = find(name);
        return model == null ? UNKNOWN_LABEL : model.name();
    }

    private EmbeddingModel find(String name) {
        return models.get(name == null || name.isBlank() ? defaultModel : stripLatestTag(name));
    }

    /** {@code model} first, then the rest of the fallback chain in its order. */
    public List<EmbeddingModel> withFallbacks(EmbeddingModel model) {
        List<EmbeddingModel> order = new ArrayList<>(List.of(model));
        fallbackChain.stream().map(this::resolve).filter(candidate -> !candidate.equals(model)).forEach(order::add);
        return order;
    }

    /** Ollama's {@code name:latest} is the same model as {@code name}. */
    private static String stripLatestTag(String name) {
        return name.endsWith(":latest") ? name.substring(0, name.length() - ":latest".length()) : name;
    }
}
