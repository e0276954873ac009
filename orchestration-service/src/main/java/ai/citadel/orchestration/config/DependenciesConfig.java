package ai.citadel.orchestration.config;

import ai.citadel.commons.faulttolerance.CircuitBreakerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The services workflow steps call (docs/orchestration.md#step-types): the LLM gateways and embedding-service, with
 * the deadlines and circuit breakers of those calls. The embedding service's URL is its REST client's
 * ({@code quarkus.rest-client.embedding-service.url}).
 */
@ConfigMapping(prefix = "citadel")
public interface DependenciesConfig {

    /** Citadel gateways (or any OpenAI-compatible server) by name; LLM steps try them in name order. */
    Map<String, Gateway> gateways();

    Llm llm();

    EmbeddingService embeddingService();

    interface Gateway {
        /** Base URL; {@code /v1/chat/completions} is resolved against it. */
        URI url();

        /**
         * Sent as {@code Authorization: Bearer <key>}: a gateway API key ({@code ck-…}) or another server's key.
         * Without one, the service token is sent, which a Citadel gateway accepts from Citadel services.
         */
        Optional<String> apiKey();
    }

    interface Llm {
        /** The model of an {@code llm_query} step that names none. */
        String defaultModel();

        /** Longest wait for a whole answer from one gateway, streamed or not. */
        @WithDefault("300s")
        Duration timeout();

        /** Longest silence in a streamed answer, before its first chunk too; past it the stream counts as broken. */
        @WithDefault("60s")
        Duration streamIdleTimeout();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Connections kept to each gateway for streamed answers; more streams at once wait for one. */
        @WithDefault("50")
        int connectionPoolSize();

        /** One per gateway. */
        CircuitBreakerSettings circuitBreaker();
    }

    interface EmbeddingService {
        /** Longest wait for one call (embeddings, vector store or search). */
        @WithDefault("30s")
        Duration timeout();

        CircuitBreakerSettings circuitBreaker();
    }
}
