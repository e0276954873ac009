package ai.citadel.embedding.inference;

/** A batcher refused work: its queue is full, or a job waited past its deadline (503 with {@code Retry-After}). */
public class BatcherOverloadedException extends RuntimeException {

    /** Why, as the {@code reason} label of {@code citadel_embedding_rejections_total}. */
    public enum Reason {
        QUEUE_FULL("queue_full"),
        QUEUE_TIMEOUT("queue_timeout");

        private final String label;

        Reason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final Reason reason;

    public BatcherOverloadedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
