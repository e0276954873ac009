package ai.citadel.gateway.service;

import ai.citadel.gateway.client.GenerationEvent;
import io.smallrye.mutiny.Multi;

/**
 * A generation under way on a backend: the OpenAI id and creation time its response carries, the model as
 * the client sees it, the backend that serves it, and its events.
 */
public record Generation(String id, long created, String model, String backend, Multi<GenerationEvent> events,
                         StreamFormat format) {
}
