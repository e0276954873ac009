package ai.citadel.embedding.service;

import ai.citadel.model.embedding.EmbeddingModelSource;

/** A model of the catalog. */
public record EmbeddingModel(String name, int dimensions, int maxContext, EmbeddingModelSource source) {
}
