import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embedding-service benchmark: run the service, then
 * {@code java bench/embedding/EmbeddingBench.java [base-url] [seconds-per-step]} (JDK 21+, no dependencies).
 * Prints one line per step; see bench/README.md.
 */
public class EmbeddingBench {

    /** The service answers Citadel's services only (docs/architecture.md#security-model): the bench is one. */
    private static final String SERVICE_TOKEN = System.getenv().getOrDefault("CITADEL_SERVICE_TOKEN", "");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] WORDS = ("the a cat dog market revenue grew fell quarterly report model vector "
            + "search engine cloud server request latency token river mountain city music history science "
            + "ocean forest coffee morning evening travel budget customer invoice contract meeting").split(" ");

    private static String base;
    private static Duration stepLength;

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://localhost:8001";
        stepLength = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        String only = args.length > 2 ? args[2] : "all";
        System.out.printf("embedding bench against %s, %d s per step, %d cores here%n", base,
                stepLength.toSeconds(), Runtime.getRuntime().availableProcessors());
        warmUp();
        if (only.equals("all") || only.equals("uncached")) {
            for (int concurrency : new int[] {1, 8, 64}) {
                run("uncached generate, concurrency " + concurrency, concurrency, 1,
                        worker -> post("/api/v1/embeddings/generate", "{\"model\":\"all-minilm\",\"cache_enabled\":false,\"text\":\"" + sentence() + "\"}"));
            }
        }
        if (only.equals("all") || only.equals("cached")) {
            String[] hot = new String[1000];
            for (int i = 0; i < hot.length; i++) {
                hot[i] = sentence();
                post("/api/v1/embeddings/generate", "{\"model\":\"all-minilm\",\"text\":\"" + hot[i] + "\"}");
            }
            Random random = new Random(7);
            run("cached generate, concurrency 64", 64, 1, worker -> post("/api/v1/embeddings/generate",
                    "{\"model\":\"all-minilm\",\"text\":\"" + hot[random.nextInt(hot.length)] + "\"}"));
        }
        if (only.equals("all") || only.equals("batch")) {
            for (int size : new int[] {1, 8, 32, 64, 128}) {
                run("uncached batch of " + size + ", concurrency 4", 4, size,
                        worker -> post("/api/v1/embeddings/batch", batchBody(size)));
            }
        }
        if (only.equals("all") || only.equals("search")) {
            searchAt(10_000);
            searchAt(100_000);
        }
    }

    private static void warmUp() throws Exception {
        for (int i = 0; i < 50; i++) {
            post("/api/v1/embeddings/generate", "{\"model\":\"all-minilm\",\"cache_enabled\":false,\"text\":\"" + sentence() + "\"}");
        }
    }

    private static void searchAt(int size) throws Exception {
        String collection = "bench-" + size + "-" + UUID.randomUUID().toString().substring(0, 8);
        Random random = new Random(size);
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 32; w++) {
                writers.add(pool.submit(() -> {
                    Random own = new Random(random.nextLong());
                    for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
                        post("/api/v1/vectors/store", "{\"collection\":\"" + collection + "\",\"id\":\"p" + i
                                + "\",\"vector\":" + randomVector(own) + ",\"metadata\":{\"n\":" + i + "}}");
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
        }
        Random queries = new Random(1);
        run("vector search, " + size + " vectors of 384, limit 10, concurrency 1", 1, 1, worker -> post(
                "/api/v1/vectors/search", "{\"collection\":\"" + collection + "\",\"limit\":10,\"vector\":"
                        + randomVector(queries) + "}"));
    }

    private interface Call {
        void run(int worker) throws Exception;
    }

    /** Runs {@code concurrency} closed-loop workers for one step; prints items/s and request latencies. */
    private static void run(String name, int concurrency, int itemsPerCall, Call call) throws Exception {
        long end = System.nanoTime() + stepLength.toNanos();
        List<long[]> perWorker = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<long[]>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                int worker = w;
                workers.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 20];
                    int n = 0;
                    while (System.nanoTime() < end && n < latencies.length) {
                        long start = System.nanoTime();
                        call.run(worker);
                        latencies[n++] = System.nanoTime() - start;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            for (Future<long[]> worker : workers) {
                perWorker.add(worker.get());
            }
        }
        long[] all = perWorker.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        double seconds = stepLength.toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "%-62s %9.0f items/s  %7.0f req/s  p50 %7.1f ms  p99 %7.1f ms%n", name,
                all.length * (double) itemsPerCall / seconds, all.length / seconds, percentile(all, 0.50),
                percentile(all, 0.99));
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
    }

    private static void post(String path, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + SERVICE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static String batchBody(int size) {
        StringBuilder texts = new StringBuilder();
        for (int i = 0; i < size; i++) {
            texts.append(i == 0 ? "" : ",").append('"').append(sentence()).append('"');
        }
        return "{\"model\":\"all-minilm\",\"cache_enabled\":false,\"texts\":[" + texts + "]}";
    }

    /** 8–24 random words: a typical RAG query or short chunk, never seen before. */
    private static String sentence() {
        Random random = new Random();
        StringBuilder text = new StringBuilder();
        int words = 8 + random.nextInt(17);
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.append(' ').append(random.nextInt(1_000_000)).toString();
    }

    private static String randomVector(Random random) {
        StringBuilder vector = new StringBuilder("[");
        for (int i = 0; i < 384; i++) {
            vector.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", random.nextGaussian()));
        }
        return vector.append(']').toString();
    }
}
