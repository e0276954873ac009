package ai.citadel.model.embedding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Citadel embedding models list, {@code GET /api/v1/models} of the embedding service.
 *
 * @param models       every configured model
 * @param defaultModel the model used when a request names none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmbeddingModelList(
        List<EmbeddingModelInfo> models,
        @JsonProperty("default_model") String defaultModel) {
}
