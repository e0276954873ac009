package ai.citadel.testing;

/** When a reply's request arrived, its first token went out and it ended, in {@link System#nanoTime()} terms. */
public record GenerationTiming(long arrivalNanos, long firstTokenNanos, long endNanos) {

    public long totalNanos() {
        return Math.max(1, endNanos - arrivalNanos);
    }

    public long timeToFirstTokenNanos() {
        return Math.max(1, firstTokenNanos - arrivalNanos);
    }

    public long generationNanos() {
        return Math.max(1, endNanos - firstTokenNanos);
    }
}
