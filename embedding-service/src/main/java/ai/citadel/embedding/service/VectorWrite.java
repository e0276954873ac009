package ai.citadel.embedding.service;

import ai.citadel.embedding.vector.WriteOutcome;
import ai.citadel.model.vector.VectorStoreResponse;

/** A store or update: the response body, and whether the write is in the store yet or queued. */
public record VectorWrite(VectorStoreResponse response, WriteOutcome outcome) {
}
