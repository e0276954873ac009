import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway benchmark: start the Ollama simulator with zero token delay and the gateway on top of it, then
 * {@code java bench/gateway/GatewayBench.java [base-url] [seconds-per-step]} (JDK 21+, no dependencies).
 * Loopback only: the base URL must point at 127.0.0.1 / localhost. Prints one line per step; see bench/README.md.
 */
public class GatewayBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Per worker and step: the count bound next to the time bound. */
    private static final int MAX_REQUESTS_PER_WORKER = 200_000;
    private static final String MODEL = "phi3";
    private static final AtomicLong UNIQUE = new AtomicLong();
    private static final String RUN_ID = Long.toHexString(System.nanoTime());

    private static String base;
    private static Duration stepLength;

    public static void main(String[] args) throws Exception {
        base = args.length > 0 ? args[0] : "http://127.0.0.1:8002";
        stepLength = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 6);
        String host = URI.create(base).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1") && !host.equals("[::1]")) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        System.out.printf("gateway bench against %s, %d s per step, %d cores here%n", base, stepLength.toSeconds(),
                Runtime.getRuntime().availableProcessors());
        warmUp();
        for (int concurrency : new int[] {1, 8, 64}) {
            run("uncached chat, concurrency " + concurrency, concurrency, GatewayBench::uncachedChat);
        }
        run("streaming chat (time to first token), concurrency 8", 8, GatewayBench::streamingChat);
        post(cachedBody(), false); // fill the cache entry once
        run("cached chat (temperature 0, same prompt), concurrency 8", 8, GatewayBench::cachedChat);
        run("cached chat (temperature 0, same prompt), concurrency 64", 64, GatewayBench::cachedChat);
    }

    /** 10 s of uncached and streaming chat at concurrency 8, not measured: lets the gateway's JIT settle. */
    private static void warmUp() throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Object>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000 && System.nanoTime() < end; i++) {
                        uncachedChat();
                        streamingChat();
                    }
                    return null;
                }));
            }
            for (Future<Object> worker : workers) {
                worker.get();
            }
        }
    }

    /** One sample: total latency and, where measured, a second figure (overhead header or time to first token). */
    private record Sample(long totalNanos, double secondMs, boolean cacheHit) {}

    private interface Call {
        Sample run() throws Exception;
    }

    /** Runs {@code concurrency} closed-loop workers for one step (bounded in time and count) and prints a line. */
    private static void run(String name, int concurrency, Call call) throws Exception {
        long start = System.nanoTime();
        long end = start + stepLength.toNanos();
        List<List<Sample>> perWorker = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<List<Sample>>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    List<Sample> samples = new ArrayList<>();
                    while (System.nanoTime() < end && samples.size() < MAX_REQUESTS_PER_WORKER) {
                        samples.add(call.run());
                    }
                    return samples;
                }));
            }
            for (Future<List<Sample>> worker : workers) {
                perWorker.add(worker.get());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Sample> all = perWorker.stream().flatMap(List::stream).toList();
        long[] totals = all.stream().mapToLong(Sample::totalNanos).sorted().toArray();
        double[] seconds2 = all.stream().mapToDouble(Sample::secondMs).filter(v -> !Double.isNaN(v)).sorted().toArray();
        String second = seconds2.length == 0 ? "" : String.format(Locale.ROOT, "  %s p50 %6.2f ms  p99 %6.2f ms",
                name.startsWith("streaming") ? "first token" : "overhead", percentile(seconds2, 0.50),
                percentile(seconds2, 0.99));
        long hits = all.stream().filter(Sample::cacheHit).count();
        String hitShare = hits == 0 ? "" : String.format(Locale.ROOT, "  cache hits %.1f%%", 100.0 * hits / all.size());
        System.out.printf(Locale.ROOT, "%-58s %7.0f req/s  latency p50 %6.2f ms  p99 %6.2f ms%s%s%n", name,
                all.size() / seconds, percentile(totals, 0.50) / 1e6, percentile(totals, 0.99) / 1e6, second,
                hitShare);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
    }

    private static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
    }

    /** A prompt never sent before (run id + counter), so the response cache cannot answer it. */
    private static String uniquePrompt() {
        return "bench " + RUN_ID + " " + UNIQUE.incrementAndGet() + ": why is the sky blue?";
    }

    private static String chatBody(String prompt, boolean stream, String extra) {
        return "{\"model\":\"" + MODEL + "\",\"stream\":" + stream + extra
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
    }

    private static String cachedBody() {
        return chatBody("bench cached prompt: why is the sky blue?", false, ",\"temperature\":0");
    }

    private static Sample uncachedChat() throws Exception {
        return post(chatBody(uniquePrompt(), false, ""), true);
    }

    private static Sample cachedChat() throws Exception {
        return post(cachedBody(), false);
    }

    private static HttpRequest.Builder request(String json) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions")).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
    }

    private static Sample post(String json, boolean noStore) throws Exception {
        HttpRequest.Builder builder = request(json);
        if (noStore) {
            builder.header("X-Citadel-Cache", "no-store");
        }
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        long total = System.nanoTime() - start;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("chat answered " + response.statusCode() + ": " + response.body());
        }
        String cache = response.headers().firstValue("X-Citadel-Cache").orElse("");
        if (noStore ? !cache.equals("bypass") : !cache.equals("hit") && !cache.equals("miss")) {
            throw new IllegalStateException("unexpected X-Citadel-Cache: " + cache);
        }
        double overhead = response.headers().firstValue("X-Citadel-Overhead-Ms").map(Double::parseDouble)
                .orElse(Double.NaN);
        return new Sample(total, overhead, cache.equals("hit"));
    }

    /** Streams a unique prompt; the second figure is the time until the first event with non-empty content. */
    private static Sample streamingChat() throws Exception {
        HttpRequest httpRequest = request(chatBody(uniquePrompt(), true, "")).header("X-Citadel-Cache", "no-store")
                .build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
        long firstToken = -1;
        boolean done = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("stream answered " + response.statusCode());
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (firstToken < 0 && line.startsWith("data:") && line.matches(".*\"content\":\"[^\"].*")) {
                    firstToken = System.nanoTime() - start;
                }
                if (line.equals("data: [DONE]")) {
                    done = true;
                }
            }
        }
        long total = System.nanoTime() - start;
        if (firstToken < 0 || !done) {
            throw new IllegalStateException("stream without a token or without [DONE]");
        }
        return new Sample(total, firstToken / 1e6, false);
    }
}
