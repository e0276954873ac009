package ai.citadel.gateway.service.routing;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.config.GatewayConfig.ModelKind;
import ai.citadel.gateway.config.GatewayConfig.RoutingStrategy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured models, found by canonical name or alias. */
@ApplicationScoped
public class ModelCatalog {

    /**
     * A model as routing sees it: its canonical name and the backends hosting it, in order of preference.
     *
     * @param maxTokens the most tokens a request may ask it for ({@code max_tokens}, {@code max_completion_tokens})
     * @param strategy  how a request picks among its backends
     */
    public record CatalogModel(String name, List<String> aliases, List<String> backends, ModelKind kind,
                               Optional<String> description, Optional<String> quantization, int maxTokens,
                               RoutingStrategy strategy) {
    }

    private final Map<String, CatalogModel> byName = new TreeMap<>();
    private final Map<String, CatalogModel> byNameOrAlias = new HashMap<>();

    public ModelCatalog(GatewayConfig config) {
        config.models().forEach((name, model) -> {
            List<String> unknown = model.backends().stream().filter(b -> !config.backends().containsKey(b)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalStateException("Model " + name + " names unknown backends " + unknown);
            }
            CatalogModel entry = new CatalogModel(name, model.aliases().orElse(List.of()), model.backends(),
                    model.kind(), model.description(), model.quantization(),
                    model.maxTokens().orElse(config.requestLimits().maxTokens()), model.strategy());
            byName.put(name, entry);
            byNameOrAlias.put(name, entry);
            entry.aliases().forEach(alias -> byNameOrAlias.put(alias, entry));
        });
    }

    public List<CatalogModel> all() {
        return List.copyOf(byName.values());
    }

    /** The model named by {@code nameOrAlias}, of any kind, if the catalog has one. */
    public Optional<CatalogModel> find(String nameOrAlias) {
        return Optional.ofNullable(nameOrAlias).map(byNameOrAlias::get);
    }

    /** The model of this kind named by {@code nameOrAlias}, if the catalog has one. */
    public Optional<CatalogModel> find(String nameOrAlias, ModelKind kind) {
        return find(nameOrAlias).filter(model -> model.kind() == kind);
    }

    /**
     * @throws ApiException 404 naming the valid models, the way OpenAI reports an unknown model
     */
    public CatalogModel resolve(String nameOrAlias, ModelKind kind) {
        CatalogModel model = byNameOrAlias.get(nameOrAlias);
        if (model == null || model.kind() != kind) {
            List<String> valid = byName.values().stream().filter(m -> m.kind() == kind).map(CatalogModel::name).toList();
            throw new ApiException(404, "model_not_found", "The model '" + nameOrAlias + "' does not exist or is not a "
                    + kind.name().toLowerCase() + " model. Valid models: " + String.join(", ", valid), "model");
        }
        return model;
    }
}
