package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * The answer to {@code POST /management/models/delete}: per host {@code deleted}, {@code not_found},
 * {@code unavailable} or {@code error}.
 *
 * @param forced whether the gateway's catalog check was skipped ({@code force: true})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeleteResult(String name, boolean forced, List<HostStatus> hosts) {
}
