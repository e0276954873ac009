package ai.citadel.gateway.service.generation;

import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.service.cache.ResponseCache;
import io.smallrye.mutiny.Multi;

import java.util.List;

/**
 * A generation under way: the OpenAI id and creation time its response carries, the model as the client sees it,
 * the backend that serves it (null when the answer comes from the cache), its events, and what the response cache
 * did ({@code cacheKey} is set when the finished answer is to be cached).
 *
 * @param servedBy every backend that served part of it, in order ({@code backend} first, then any that continued
 *                 the stream after a break, added as that happens); empty for a cached answer
 */
public record Generation(String id, long created, String model, String backend, List<String> servedBy,
                         Multi<GenerationEvent> events, StreamFormat format, ResponseCache.Status cacheStatus,
                         String cacheKey) {

    /** The same generation with its events passed through another stage (metering, charging …). */
    public Generation withEvents(Multi<GenerationEvent> newEvents) {
        return new Generation(id, created, model, backend, servedBy, newEvents, format, cacheStatus, cacheKey);
    }

    /** The backends that served it as the audit names them: comma-separated in order; null for a cached answer. */
    public String servedByNames() {
        return servedBy.isEmpty() ? null : String.join(",", servedBy);
    }
}
