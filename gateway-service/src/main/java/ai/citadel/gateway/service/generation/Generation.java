package ai.citadel.gateway.service.generation;

import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.service.cache.ResponseCache;
import io.smallrye.mutiny.Multi;

/**
 * A generation under way: the OpenAI id and creation time its response carries, the model as the client sees it,
 * the backend that serves it (null when the answer comes from the cache), its events, and what the response cache
 * did ({@code cacheKey} is set when the finished answer is to be cached).
 */
public record Generation(String id, long created, String model, String backend, Multi<GenerationEvent> events,
                         StreamFormat format, ResponseCache.Status cacheStatus, String cacheKey) {

    /** The same generation with its events passed through another stage (metering, charging …). */
    public Generation withEvents(Multi<GenerationEvent> newEvents) {
        return new Generation(id, created, model, backend, newEvents, format, cacheStatus, cacheKey);
    }
}
