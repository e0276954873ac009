package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code GET /management/audit}: calls newest first.
 *
 * @param entries    this page
 * @param nextCursor pass as {@code cursor} for the next (older) page; absent on the last one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditPage(List<AuditEntry> entries, @JsonProperty("next_cursor") String nextCursor) {
}
