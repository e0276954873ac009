package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Ollama legacy embedding response of {@code POST /api/embeddings}: {@code {"embedding":[…]}} (float64 values).
 *
 * @param embedding the vector
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OllamaEmbeddingsResponse(double[] embedding) {
}
