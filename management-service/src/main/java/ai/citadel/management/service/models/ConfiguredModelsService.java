package ai.citadel.management.service.models;

import ai.citadel.management.client.GatewayCatalog;
import ai.citadel.management.service.hosts.HostOutcome;
import ai.citadel.model.management.ConfiguredModels;
import ai.citadel.model.management.HostStatus;
import ai.citadel.model.ollama.OllamaTagsResponse;
import ai.citadel.model.openai.ModelList;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The gateway's catalog next to what the hosts hold: which hosts hold each configured model and which lack it, and
 * which configured models no host holds. The gateway or a host that does not answer is said so, not a failure.
 */
@ApplicationScoped
public class ConfiguredModelsService {

    public static final String GATEWAY = "gateway";

    private final GatewayCatalog gateway;
    private final ModelInventory inventory;

    ConfiguredModelsService(GatewayCatalog gateway, ModelInventory inventory) {
        this.gateway = gateway;
        this.inventory = inventory;
    }

    /** What the comparison rests on: the catalog (or why it is missing) and each host's list. */
    public record Comparison(HostOutcome<ModelList> catalog, List<HostOutcome<OllamaTagsResponse>> hosts) {

        public ConfiguredModels answer() {
            List<HostOutcome<OllamaTagsResponse>> answered = hosts.stream().filter(HostOutcome::isOk).toList();
            List<ConfiguredModels.ConfiguredModel> models = catalog.isOk() && catalog.value().data() != null
                    ? catalog.value().data().stream().map(model -> compare(model, answered)).toList() : List.of();
            return new ConfiguredModels(status(catalog),
                    hosts.stream().map(ConfiguredModelsService::status).toList(), models,
                    answered.isEmpty() ? List.of() : models.stream().filter(model -> model.heldBy().isEmpty())
                            .map(ConfiguredModels.ConfiguredModel::name).toList());
        }

        /** Whether every part answered. */
        public boolean complete() {
            return catalog.isOk() && hosts.stream().allMatch(HostOutcome::isOk);
        }
    }

    public Uni<Comparison> compare(String requestId) {
        Uni<HostOutcome<ModelList>> catalog = gateway.models(requestId)
                .map(models -> HostOutcome.ok(GATEWAY, models))
                .onFailure().recoverWithItem(failure -> HostOutcome.failed(GATEWAY, failure));
        return Uni.combine().all().unis(catalog, inventory.tags(null, requestId)).asTuple()
                .map(both -> new Comparison(both.getItem1(), both.getItem2()));
    }

    /** The catalog entry that routes {@code name} (by its name or an alias), if any; fails when it cannot be read. */
    public Uni<Optional<ModelList.Model>> routing(String name, String requestId) {
        return gateway.models(requestId).map(models -> models.data() == null ? Optional.empty()
                : models.data().stream().filter(model -> names(model).anyMatch(known -> ModelNames.same(known, name)))
                .findFirst());
    }

    private static ConfiguredModels.ConfiguredModel compare(ModelList.Model model,
                                                            List<HostOutcome<OllamaTagsResponse>> answered) {
        Set<String> names = names(model).map(ModelNames::canonical).collect(Collectors.toSet());
        List<String> heldBy = new ArrayList<>();
        List<String> missingOn = new ArrayList<>();
        for (HostOutcome<OllamaTagsResponse> host : answered) {
            boolean holds = host.value().models() != null && host.value().models().stream()
                    .anyMatch(held -> held.name() != null && names.contains(ModelNames.canonical(held.name())));
            (holds ? heldBy : missingOn).add(host.host());
        }
        return new ConfiguredModels.ConfiguredModel(model.id(), model.aliases(), model.kind(),
                model.backends() == null ? null : model.backends().stream()
                        .map(backend -> new ConfiguredModels.Backend(backend.name(), backend.available())).toList(),
                heldBy, missingOn);
    }

    private static Stream<String> names(ModelList.Model model) {
        return Stream.concat(Stream.ofNullable(model.id()),
                model.aliases() == null ? Stream.empty() : model.aliases().stream());
    }

    private static HostStatus status(HostOutcome<?> outcome) {
        return new HostStatus(outcome.host(), outcome.status(), outcome.error());
    }
}
