package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** {@code GET /management/models/running}: every host asked (or the one named), in name order. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunningByHost(List<HostRunningModels> hosts) {
}
