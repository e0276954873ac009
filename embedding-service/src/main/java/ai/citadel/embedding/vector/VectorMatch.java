package ai.citadel.embedding.vector;

/** A search hit: the point and its cosine similarity to the query. */
public record VectorMatch(VectorPoint point, double score) {
}
