package ai.citadel.management.config;

import ai.citadel.commons.faulttolerance.CircuitBreakerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What the management service manages and how it reaches it (docs/management.md#settings): the Ollama hosts, the
 * gateway whose catalog says which models are in use, the per-user rate limit, the model registry's refresh and the
 * pull operations. Every deadline and circuit breaker has its default here and nowhere else.
 */
@ConfigMapping(prefix = "citadel")
public interface ManagementConfig {

    /** The Ollama hosts by name ({@code citadel.ollama-hosts.llm-01.url=http://llm-01:11434}). */
    Map<String, OllamaHost> ollamaHosts();

    /** How every Ollama host is called. */
    Ollama ollama();

    Gateway gateway();

    RateLimit rateLimit();

    Registry registry();

    Operations operations();

    interface OllamaHost {
        /** Base URL of the host's Ollama API ({@code /api/*} is resolved against it). */
        URI url();
    }

    interface Ollama {
        @WithDefault("2s")
        Duration connectTimeout();

        /** Longest wait for one answer of a host: tags, show, ps, version, delete. */
        @WithDefault("10s")
        Duration timeout();

        /**
         * Longest silence in a pull's progress stream (the first record included); past it the pull counts as
         * failed. Ollama sends progress while it downloads, so only a stuck host or registry is silent this long.
         */
        @WithDefault("2m")
        Duration pullIdleTimeout();

        /** One per host. */
        CircuitBreakerSettings circuitBreaker();
    }

    interface Gateway {
        /** The gateway whose {@code /v1/models} catalog says which models are configured. */
        URI url();

        /**
         * Sent as {@code Authorization: Bearer <key>}: a gateway API key. Without one the service token is sent,
         * which a Citadel gateway accepts from Citadel services.
         */
        Optional<String> apiKey();

        @WithDefault("2s")
        Duration connectTimeout();

        @WithDefault("5s")
        Duration timeout();

        CircuitBreakerSettings circuitBreaker();
    }

    /**
     * Calls per user (an OIDC subject, or {@code bootstrap-admin}) in fixed one-minute windows in Redis; other
     * Citadel services (the service token) are not limited.
     */
    interface RateLimit {
        /** 0 = no limit. */
        @WithDefault("120")
        int requestsPerMinute();

        /** Redis slower than this: the call is let through unlimited (logged once per outage). */
        @WithDefault("250ms")
        Duration redisTimeout();
    }

    interface Registry {
        /** How often {@code management.llm_metadata} is refreshed from every host's {@code /api/tags}. */
        @WithDefault("5m")
        Duration refreshInterval();
    }

    interface Operations {
        /** Pulls running at once on this replica, all hosts together; beyond it a new pull is refused with 429. */
        @WithDefault("8")
        int maxRunning();

        /** Longest silence in a pull's SSE stream: a comment line keeps proxies from closing it. */
        @WithDefault("15s")
        Duration keepAlive();

        /** How long a finished operation can still be followed ({@code GET /management/operations/{id}}). */
        @WithDefault("1h")
        Duration keepFinished();
    }
}
