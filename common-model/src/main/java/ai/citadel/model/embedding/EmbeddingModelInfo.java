package ai.citadel.model.embedding;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One embedding model of Citadel {@code GET /api/v1/models}.
 *
 * @param name       model name, e.g. {@code all-minilm}, {@code nomic-embed-text}
 * @param dimensions vector length
 * @param maxContext context window in tokens
 * @param source     where it runs
 * @param available  whether it can embed right now (its Ollama host is reachable and has it)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmbeddingModelInfo(
        String name,
        int dimensions,
        @JsonProperty("max_context") int maxContext,
        EmbeddingModelSource source,
        boolean available) {
}
