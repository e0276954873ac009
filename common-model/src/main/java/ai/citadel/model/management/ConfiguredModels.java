package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code GET /management/models/configured}: the gateway's catalog ({@code /v1/models}) next to what the Ollama hosts
 * hold.
 *
 * @param gateway whether the catalog could be read ({@code host} is {@code gateway})
 * @param hosts   whether each host's list could be read; a host that did not answer is in no model's
 *                {@code held_by} or {@code missing_on}
 * @param models  the catalog, in its order
 * @param missing the configured models no host that answered holds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfiguredModels(HostStatus gateway, List<HostStatus> hosts, List<ConfiguredModel> models,
                               List<String> missing) {

    /**
     * One model of the catalog.
     *
     * @param name      its canonical name in the catalog
     * @param aliases   other names the gateway accepts
     * @param kind      {@code chat} or {@code embedding}, as the gateway says
     * @param backends  the gateway's backends for it and whether each is available now
     * @param heldBy    the hosts that hold it (by name or alias, {@code :latest} implied)
     * @param missingOn the hosts that answered and do not hold it
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConfiguredModel(String name, List<String> aliases, String kind, List<Backend> backends,
                                  @JsonProperty("held_by") List<String> heldBy,
                                  @JsonProperty("missing_on") List<String> missingOn) {
    }

    /** A gateway backend of a model ({@code available}: the gateway would route to it now). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Backend(String name, boolean available) {
    }
}
