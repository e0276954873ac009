package ai.citadel.management.service.models;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.management.client.OllamaHostClient;
import ai.citadel.management.service.hosts.HostCalls;
import ai.citadel.management.service.hosts.HostOutcome;
import ai.citadel.model.management.DeleteRequest;
import ai.citadel.model.management.DeleteResult;
import ai.citadel.model.management.HostStatus;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/**
 * Deletes a model from the host named or from every host (docs/management.md#delete). Unless forced, a model the
 * gateway's catalog still routes to (by name or alias) is refused with 409, and so is every delete while the catalog
 * cannot be read (503): a model in use must not vanish from under the gateway. Each host's outcome is said on its own;
 * a model no host had is a 404.
 */
@ApplicationScoped
public class ModelDeletion {

    public static final String DELETED = "deleted";

    private final HostCalls hosts;
    private final ConfiguredModelsService catalog;
    private final ModelRegistry registry;

    ModelDeletion(HostCalls hosts, ConfiguredModelsService catalog, ModelRegistry registry) {
        this.hosts = hosts;
        this.catalog = catalog;
        this.registry = registry;
    }

    /** The outcome per host ({@code ok} standing for deleted), after the catalog check. */
    public Uni<List<HostOutcome<Void>>> delete(DeleteRequest request, String requestId) {
        List<OllamaHostClient> selected = hosts.select(request.host());
        Uni<Void> allowed = request.forced() ? Uni.createFrom().voidItem() : catalog.routing(request.name(), requestId)
                .onFailure().transform(failure -> new ApiException(503, "catalog_unavailable",
                        "The gateway's catalog cannot be read (" + HostOutcome.failed("gateway", failure).error()
                                + "), so it is not known whether the model is in use; retry, or send force: true",
                        null, Map.of("Retry-After", "10")))
                .invoke(routed -> routed.ifPresent(model -> {
                    throw new ApiException(409, "model_in_use", "The gateway's catalog routes '" + model.id()
                            + "' to this model; take it out of the catalog first, or send force: true", "name");
                }))
                .replaceWithVoid();
        return allowed.chain(() -> hosts.onHosts(selected, client -> client.delete(request.name(), requestId)))
                .call(outcomes -> Multi.createFrom().iterable(outcomes).filter(HostOutcome::isOk)
                        .onItem().transformToUniAndConcatenate(outcome -> registry.status(outcome.host(),
                                ModelNames.canonical(request.name()), ModelRegistry.DELETED, null))
                        .collect().last());
    }

    /** The answer: {@code deleted} per host where it was; 404 when every host answered that it had no such model. */
    public static DeleteResult result(DeleteRequest request, List<HostOutcome<Void>> outcomes) {
        if (!outcomes.isEmpty() && outcomes.stream().allMatch(outcome -> HostOutcome.NOT_FOUND.equals(outcome.status()))) {
            throw new ApiException(404, "model_not_found", "No host asked has a model named '" + request.name() + "'",
                    "name");
        }
        return new DeleteResult(request.name(), request.forced(), outcomes.stream()
                .map(outcome -> new HostStatus(outcome.host(), outcome.isOk() ? DELETED : outcome.status(),
                        outcome.error()))
                .toList());
    }
}
