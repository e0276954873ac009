package ai.citadel.testing;

import java.util.List;
import java.util.Locale;

/**
 * A model a simulator serves. The figures are those the real models report (family, size on disk, embedding length),
 * so clients that read them (management listings, vector dimensions) see plausible values.
 *
 * @param name              the name clients send: an Ollama name ({@code phi3:latest}) or an OpenAI model id
 * @param embeddingLength   the length of the vectors the model produces; for an embedding model, its dimension
 */
public record SimulatedModel(String name, Kind kind, String family, String parameterSize, String quantizationLevel,
        long sizeBytes, int embeddingLength, int contextLength) {

    public enum Kind {
        CHAT,
        EMBEDDING
    }

    public SimulatedModel {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
        if (embeddingLength <= 0) {
            throw new IllegalArgumentException("embeddingLength must be positive: " + embeddingLength);
        }
    }

    public static SimulatedModel chat(String name, String family, String parameterSize, long sizeBytes,
            int embeddingLength, int contextLength) {
        return new SimulatedModel(name, Kind.CHAT, family, parameterSize, "Q4_0", sizeBytes, embeddingLength,
                contextLength);
    }

    public static SimulatedModel embedding(String name, String family, String parameterSize, long sizeBytes,
            int dimension, int contextLength) {
        return new SimulatedModel(name, Kind.EMBEDDING, family, parameterSize, "F16", sizeBytes, dimension,
                contextLength);
    }

    /** The models Citadel's seed catalog and embedding service expect. */
    public static List<SimulatedModel> defaults() {
        return List.of(
                chat("phi3:latest", "phi3", "3.8B", 2_176_178_913L, 3072, 4096),
                chat("openchat:latest", "llama", "7B", 4_108_928_000L, 4096, 8192),
                chat("mixtral:latest", "llama", "46.7B", 26_442_481_545L, 4096, 32768),
                chat("nous-hermes2-mixtral:latest", "llama", "46.7B", 26_442_493_141L, 4096, 32768),
                embedding("nomic-embed-text:latest", "nomic-bert", "137M", 274_302_450L, 768, 2048),
                embedding("all-minilm:latest", "bert", "23M", 45_960_996L, 384, 512),
                embedding("mxbai-embed-large:latest", "bert", "334M", 669_615_493L, 1024, 512),
                embedding("bge-m3:latest", "bert", "567M", 1_157_672_605L, 1024, 8192));
    }

    /** The default model with this name (with or without {@code :latest}), else a generic 7B chat model. */
    public static SimulatedModel named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return defaults().stream()
                .filter(model -> model.name().equals(wanted) || model.name().equals(wanted + ":latest"))
                .findFirst()
                .map(model -> model.withName(name))
                .orElseGet(() -> chat(name, "llama", "7B", 4_109_865_159L, 4096, 8192));
    }

    public boolean isEmbedding() {
        return kind == Kind.EMBEDDING;
    }

    public SimulatedModel withName(String newName) {
        return new SimulatedModel(newName, kind, family, parameterSize, quantizationLevel, sizeBytes, embeddingLength,
                contextLength);
    }
}
