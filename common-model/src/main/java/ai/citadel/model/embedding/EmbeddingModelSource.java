package ai.citadel.model.embedding;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an embedding model of {@code GET /api/v1/models} runs: {@code in-process} (ONNX) or {@code ollama}. */
public enum EmbeddingModelSource {
    IN_PROCESS("in-process"),
    OLLAMA("ollama");

    private final String wireName;

    EmbeddingModelSource(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
