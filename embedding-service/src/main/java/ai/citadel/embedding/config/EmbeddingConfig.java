package ai.citadel.embedding.config;

import ai.citadel.commons.cache.EmbeddingCacheKeys;
import ai.citadel.embedding.inference.MiniLmModel;
import ai.citadel.model.embedding.EmbeddingModelSource;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Models, batching, Ollama hosts and cache of the embedding service ({@code citadel.embedding.*}). */
@ConfigMapping(prefix = "citadel.embedding")
public interface EmbeddingConfig {

    /** The model of requests that name none; absent: nomic-embed-text when an Ollama host is set, else all-minilm. */
    Optional<String> defaultModel();

    /** The order in which other models stand in when a request allows fallback. */
    List<String> fallbackChain();

    /** The catalog, by model name. */
    Map<String, Model> models();

    InProcess inProcess();

    Ollama ollama();

    Cache cache();

    Vectors vectors();

    Limits limits();

    interface Model {
        int dimensions();

        /** Context window in tokens; longer inputs are truncated or rejected. */
        int maxContext();

        EmbeddingModelSource source();
    }

    /** The in-process all-minilm model. */
    interface InProcess {
        /**
         * int8 (the default: ~2.8x the texts per CPU-second of float32, a text's vector the same alone or in any batch)
         * or float32 (LangChain4j's vectors). Switching changes every vector slightly: re-embed stored vectors.
         */
        @WithDefault("int8")
        MiniLmModel.Variant variant();

        /**
         * Most texts a worker takes at once: one ONNX call with float32, one call per text with int8 (on CPUs bigger
         * batches gain little and cost latency: see bench/README.md).
         */
        @WithDefault("16")
        int maxBatchSize();

        /** How long a batch waits for more texts once it has one. */
        @WithDefault("2ms")
        Duration maxWait();

        /**
         * ONNX calls that may run at once; absent: one per core, each with one ONNX thread (the default): an int8
         * call of one text is too small to share between threads (a second thread per call costs 24–37 % of the
         * texts per CPU-second, bench/README.md).
         */
        OptionalInt workers();

        /** ONNX Runtime threads per call; absent: the cores shared out among the workers. */
        OptionalInt intraOpThreads();

        /** Most padded tokens (texts × longest) in one float32 ONNX call (int8 runs one text per call). */
        @WithDefault("16384")
        int maxBatchTokens();

        /** Texts that may wait for a model call; past it requests get a 503 at once (~4 s of int8 work on 2 cores). */
        @WithDefault("4096")
        int maxQueued();

        /** How long a text may wait for its model call before its request gets a 503. */
        @WithDefault("10s")
        Duration maxQueueTime();
    }

    interface Ollama {
        /** Ollama hosts by name; a host without a URL is ignored. Tried in name order. */
        Map<String, Host> hosts();

        /** Most texts in one {@code /api/embed} call. */
        @WithDefault("64")
        int maxBatchSize();

        @WithDefault("2ms")
        Duration maxWait();

        /** {@code /api/embed} calls per model that may run at once. */
        @WithDefault("4")
        int concurrency();

        /** Texts per model that may wait for an {@code /api/embed} call; past it requests get a 503 at once. */
        @WithDefault("4096")
        int maxQueued();

        /** How long a text may wait for its {@code /api/embed} call before its request gets a 503. */
        @WithDefault("10s")
        Duration maxQueueTime();

        @WithDefault("30s")
        Duration readTimeout();

        @WithDefault("2s")
        Duration connectTimeout();

        /** Calls a host's circuit breaker looks back on. */
        @WithDefault("4")
        int circuitBreakerWindow();

        /** Share of failed calls in the window that opens a host's circuit. */
        @WithDefault("0.5")
        double circuitBreakerFailureRatio();

        /** How long a host's open circuit stays open before a trial call. */
        @WithDefault("10s")
        Duration circuitBreakerDelay();

        interface Host {
            Optional<URI> url();
        }
    }

    interface Vectors {
        /** How often other replicas' writes are read from the change feed into the in-memory copies. */
        @WithDefault("1s")
        Duration pollInterval();

        /** How long the change feed ({@code embedding.vector_changes}) keeps a change. */
        @WithDefault("24h")
        Duration changeRetention();

        /** Search results when a request names no limit. */
        @WithDefault("10")
        int defaultLimit();

        Qdrant qdrant();

        interface Qdrant {
            /** Qdrant's REST URL; when set, Qdrant is the vector store instead of PostgreSQL. */
            Optional<URI> url();

            /** How often writes queued while Qdrant was unreachable are retried. */
            @WithDefault("2s")
            Duration replayInterval();

            @WithDefault("5s")
            Duration timeout();
        }
    }

    interface Cache {
        /** Where the cache's keys start: the gateway reads and writes the same entries only under the default. */
        @WithDefault(EmbeddingCacheKeys.PREFIX)
        String keyPrefix();

        @WithDefault("3600s")
        Duration ttl();

        /** A Redis answer slower than this counts as a miss: the cache must never slow embeddings down much. */
        @WithDefault("250ms")
        Duration timeout();

        /** How often the cache metadata ({@code embedding.embedding_cache}) is written. */
        @WithDefault("5s")
        Duration metadataFlushInterval();

        /** Most distinct texts whose metadata waits for the next flush; beyond, it is dropped. */
        @WithDefault("100000")
        int metadataBufferSize();
    }

    /** What one request may ask for: larger requests get a 400 naming the field. */
    interface Limits {
        /** Texts in one request ({@code texts}, {@code input}): OpenAI's own limit. */
        @WithDefault("2048")
        int maxInputs();

        /** Characters in one text. */
        @WithDefault("100000")
        int maxTextLength();

        /** Model-call jobs one request may become: a smaller {@code batch_size} is raised to fit the texts in. */
        @WithDefault("64")
        int maxJobsPerRequest();
    }
}
