package ai.citadel.embedding.vector;

/** What became of a write: in the store now, or queued durably until the store is reachable again. */
public enum WriteOutcome {
    APPLIED,
    QUEUED
}
