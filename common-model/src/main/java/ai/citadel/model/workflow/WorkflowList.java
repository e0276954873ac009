package ai.citadel.model.workflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * {@code GET /api/v1/workflows}: the caller's workflows, newest first, without their steps.
 *
 * @param workflows  this page
 * @param nextCursor pass as {@code cursor} for the next page; absent on the last one
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkflowList(
        List<WorkflowStatusResponse> workflows,
        @JsonProperty("next_cursor") String nextCursor) {
}
