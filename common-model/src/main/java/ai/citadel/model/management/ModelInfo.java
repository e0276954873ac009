package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * {@code GET /management/models/{name}/info}: the model on every host asked, in name order.
 *
 * @param name the model as asked for
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelInfo(String name, List<HostModelInfo> hosts) {
}
