package ai.citadel.embedding.vector;

/** The vector store cannot answer, or would answer from stale data (503). */
public class VectorStoreUnavailableException extends RuntimeException {

    public VectorStoreUnavailableException(String message) {
        super(message);
    }
}
