package ai.citadel.gateway.config;

import ai.citadel.commons.faulttolerance.CircuitBreakerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The gateway's catalog, routing and streaming settings (docs/gateway.md#model-catalog-configuration). */
@ConfigMapping(prefix = "citadel")
public interface GatewayConfig {

    /** Model servers by name (e.g. {@code llm-01}). */
    Map<String, Backend> backends();

    /** Models by canonical name (e.g. {@code "phi3:latest"}). */
    Map<String, Model> models();

    Routing routing();

    Streaming streaming();

    Audit audit();

    Cache cache();

    RequestLimits requestLimits();

    /** Calls to embedding-service ({@code citadel.embedding-service.*}). */
    EmbeddingServiceCalls embeddingService();

    interface Backend {
        BackendType type();

        URI url();

        /** Sent as {@code Authorization: Bearer …} to OpenAI-compatible servers that require a key. */
        Optional<String> apiKey();

        /**
         * Requests in flight to this backend at once; a stream counts until it ends. Beyond it a request waits
         * up to {@link Routing#queueTimeout()} and is then refused, without counting against the backend.
         */
        @WithDefault("256")
        int maxInFlight();

        /**
         * One pool of this many HTTP connections to the backend, shared by the event loops; unset: each event loop
         * keeps its own, one per admitted request ({@link #maxInFlight()} bounds them).
         */
        OptionalInt connectionPoolSize();

        /**
         * Its share of traffic under the {@code weighted} strategy, and the tie-break of {@code least-in-flight}
         * (docs/gateway.md#routing-strategies); 0 = only when no other backend can take the request.
         */
        @WithDefault("1")
        int weight();
    }

    enum BackendType {
        /** Ollama's native API: {@code /api/chat}, {@code /api/generate}, NDJSON streams. */
        OLLAMA,
        /** An OpenAI-compatible server (vLLM, llama.cpp server): {@code /v1/*}, SSE streams. */
        OPENAI
    }

    interface Model {
        /** Other names clients may use, e.g. {@code phi3} for {@code phi3:latest}. */
        Optional<List<String>> aliases();

        /** Backends hosting the model, in order of preference. */
        List<String> backends();

        @WithDefault("chat")
        ModelKind kind();

        Optional<String> description();

        Optional<String> quantization();

        /** Cap on {@code max_tokens} / {@code max_completion_tokens}; unset: {@link RequestLimits#maxTokens()}. */
        OptionalInt maxTokens();

        /** How a request picks among the model's healthy backends. */
        @WithDefault("priority")
        RoutingStrategy strategy();
    }

    enum ModelKind {
        CHAT, EMBEDDING
    }

    /** Written in configuration and metrics as {@code priority}, {@code weighted}, {@code least-in-flight}. */
    enum RoutingStrategy {
        /** The configured order of {@link Model#backends()}. */
        PRIORITY,
        /** At random, in proportion to {@link Backend#weight()}. */
        WEIGHTED,
        /** The backend with the fewest requests in flight; ties by weight, as {@code weighted}. */
        LEAST_IN_FLIGHT;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    interface Routing {
        /** Time to open a TCP connection to a backend. */
        @WithDefault("2s")
        Duration connectTimeout();

        /** Time a backend has to produce its first token before the request fails over. */
        @WithDefault("60s")
        Duration firstTokenTimeout();

        /** Longest silence between two tokens before the stream counts as broken. */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Interval of the cheap health probes ({@code /api/tags}, {@code /v1/models}). */
        @WithDefault("15s")
        Duration probeInterval();

        CircuitBreakerSettings circuitBreaker();

        /**
         * How long a request waits for a slot at the last backend it can try when every one is saturated
         * ({@link Backend#maxInFlight()}); 0 refuses at once. Earlier backends are skipped without waiting.
         */
        @WithDefault("2s")
        Duration queueTimeout();

        /** The {@code Retry-After} of the 503 sent when the model's backends are saturated. */
        @WithDefault("1s")
        Duration saturatedRetryAfter();

        /**
         * Once this long has passed since a request's first backend attempt, it is not tried on another backend
         * (failover, retry after a broken answer, stream continuation); the failure it has is final.
         */
        @WithDefault("30s")
        Duration retryTimeLimit();

        /**
         * After a backend comes back (its circuit closes after a successful trial, or its probe answers again), its
         * share of traffic grows from nothing to normal over this long; 0 gives it everything back at once.
         */
        @WithDefault("30s")
        Duration recoveryRamp();

        Affinity affinity();
    }

    /**
     * Conversation affinity (docs/gateway.md#conversation-affinity): the next turn of a chat goes to the backend that
     * served the last one, whose prompt cache still holds the conversation, while it is healthy and not too busy.
     */
    interface Affinity {
        @WithDefault("true")
        boolean enabled();

        /** How long a conversation stays with its backend after its last turn. */
        @WithDefault("30m")
        Duration ttl();

        /** The backend keeps the conversation only while it has fewer requests than this in flight. */
        @WithDefault("8")
        int maxInFlight();

        /** Longest wait for Redis, which holds the affinities for every replica; past it the strategy decides. */
        @WithDefault("50ms")
        Duration redisTimeout();

        /** Redis failing repeatedly is not asked until the circuit lets a trial through. */
        DependencyCircuitBreaker circuitBreaker();
    }

    interface Streaming {
        /** The profile of the plain OpenAI endpoints. */
        @WithDefault("standard")
        String defaultProfile();

        /** Agent streaming profiles by name (voice, copilot, gui …). */
        Map<String, Profile> profiles();

        /** A comment line is sent when the backend has been silent this long, so proxies keep the stream open. */
        @WithDefault("10s")
        Duration keepAliveInterval();
    }

    interface Profile {
        /** Tokens per SSE event. */
        int tokensPerEvent();

        /** Longest time a token waits for its event to fill. */
        Duration flushDeadline();

        /** Longest a whole stream may last. */
        Duration timeLimit();

        /** Events written but not yet taken by the client; when full, the backend is read no further. */
        int bufferEvents();

        /**
         * Whether a chat stream whose backend breaks after its first token continues on another backend of the
         * model, from where it stopped (docs/gateway.md#stream-continuation), instead of ending with an error event.
         */
        @WithDefault("false")
        boolean continueBrokenStreams();
    }

    interface Audit {
        /** Records waiting in memory for the writer; beyond this, as many again wait for the spool file. */
        @WithDefault("10000")
        int queueCapacity();

        /** Records per multi-row insert. */
        @WithDefault("500")
        int batchSize();

        /** Longest a record waits in memory before its batch is written. */
        @WithDefault("50ms")
        Duration flushInterval();

        /** Longest one batch write may take before PostgreSQL counts as unreachable. */
        @WithDefault("5s")
        Duration writeTimeout();

        /** While records are spooled, how often replaying them is tried. */
        @WithDefault("2s")
        Duration retryInterval();

        /** Directory of the append-only spool used while PostgreSQL is unreachable. */
        String spoolDirectory();

        /** Monthly partitions created ahead of time. */
        @WithDefault("3")
        int partitionsAhead();

        /** Requests and messages older than this are dropped, whole partitions at a time; unset keeps all. */
        Optional<Duration> retention();

        /** How often partitions are created ahead and the ones past {@link #retention()} dropped. */
        @WithDefault("6h")
        Duration partitionMaintenanceInterval();
    }

    interface Cache {
        /** How long an answer stays in the response cache. */
        @WithDefault("1800s")
        Duration responsesTtl();

        /** How long an input's vector stays in the embedding cache. */
        @WithDefault("3600s")
        Duration embeddingsTtl();

        /**
         * Whether callers with different API keys share cached answers. Off, an answer is served only to the key
         * that asked for it (callers without a key share theirs).
         */
        @WithDefault("false")
        boolean sharedAcrossKeys();

        /** Redis as both caches use it: a slow or absent Redis is a miss or a skipped write, never an error. */
        CacheRedis redis();
    }

    interface CacheRedis {
        /** Longest wait for a cache lookup (responses and embeddings); past it the request is served uncached. */
        @WithDefault("150ms")
        Duration readTimeout();

        /** Longest wait for storing an answer; past it the answer is not cached. */
        @WithDefault("150ms")
        Duration responsesWriteTimeout();

        /** Longest wait for storing a request's vectors, all in one MULTI/EXEC; past it they are not cached. */
        @WithDefault("500ms")
        Duration embeddingsWriteTimeout();

        /** Each of the four calls (two caches, read and write) has a breaker of its own with these settings. */
        DependencyCircuitBreaker circuitBreaker();
    }

    interface EmbeddingServiceCalls {
        /**
         * Longest wait for embedding-service; past it the client gets a 503. The key documented before this one,
         * {@code quarkus.fault-tolerance."ai.citadel.gateway.client.EmbeddingServiceClient/embeddings".timeout.value}
         * (milliseconds), still sets it.
         */
        @WithDefault("${quarkus.fault-tolerance.\"ai.citadel.gateway.client.EmbeddingServiceClient/embeddings\""
                + ".timeout.value:30000}ms")
        Duration timeout();

        /** Counts transport failures and timeouts; an error answer shows the service reachable and does not count. */
        DependencyCircuitBreaker circuitBreaker();
    }

    /**
     * The circuit breaker in front of a service the gateway calls on the request path (embedding-service, Redis): it
     * opens when half of the last calls failed, and requests skip the service while it is open.
     */
    interface DependencyCircuitBreaker {
        /** Calls in the rolling window that decide whether the circuit opens. */
        @WithDefault("4")
        int requestVolumeThreshold();

        @WithDefault("0.5")
        double failureRatio();

        /** How long an open circuit waits before letting a trial call through. */
        @WithDefault("5s")
        Duration delay();
    }

    /** Bounds on chat and completion requests, checked before any backend is asked. */
    interface RequestLimits {
        /** Default cap on {@code max_tokens} / {@code max_completion_tokens}; models may set their own. */
        @WithDefault("32768")
        int maxTokens();

        /** Most {@code messages} in one chat request. */
        @WithDefault("2048")
        int maxMessages();

        /** Most {@code tools} in one chat request. */
        @WithDefault("128")
        int maxTools();
    }
}
