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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * The streaming half of bench/gateway/run.sh (wrk does the non-streaming chat): closed-loop workers stream chats for
 * a while and the time to the first token is measured, against the Ollama simulator directly or through the gateway.
 * <pre>
 * java bench/gateway/GatewayBench.java direct|gateway|voice BASE_URL MODEL CONCURRENCY SECONDS [API_KEY]
 * </pre>
 * {@code direct} posts to {@code /api/chat} the streaming request the gateway itself sends the backend; {@code gateway}
 * posts to {@code /v1/chat/completions} with {@code stream: true}, {@code voice} to the voice profile's endpoint.
 * Prints one line: {@code streams=N seconds=S tokens=T ttft_p50_ms=X ttft_p99_ms=Y} (loopback only).
 */
public class GatewayBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** A token: an NDJSON line (Ollama) or SSE event (OpenAI) whose content is not empty. */
    private static final Pattern TOKEN = Pattern.compile(".*\"content\":\"[^\"].*");
    private static final AtomicLong UNIQUE = new AtomicLong();
    private static final String RUN_ID = Long.toHexString(System.nanoTime());

    private record Stream(long firstTokenNanos, int tokens) {}

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: java bench/gateway/GatewayBench.java direct|gateway|voice BASE_URL MODEL "
                    + "CONCURRENCY SECONDS [API_KEY]");
            System.exit(2);
        }
        String target = args[0];
        String base = args[1];
        String model = args[2];
        int concurrency = Integer.parseInt(args[3]);
        Duration length = Duration.ofSeconds(Long.parseLong(args[4]));
        String key = args.length > 5 ? args[5] : "";
        String host = URI.create(base).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("loopback only: " + base);
        }
        String path = switch (target) {
            case "direct" -> "/api/chat";
            case "gateway" -> "/v1/chat/completions";
            case "voice" -> "/v1/voice/chat/completions";
            default -> throw new IllegalArgumentException("direct, gateway or voice: " + target);
        };
        long start = System.nanoTime();
        long end = start + length.toNanos();
        List<Stream> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<List<Stream>>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    List<Stream> streams = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        streams.add(stream(base + path, model, key));
                    }
                    return streams;
                }));
            }
            for (Future<List<Stream>> worker : workers) {
                all.addAll(worker.get());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] firstTokens = all.stream().mapToLong(Stream::firstTokenNanos).sorted().toArray();
        System.out.printf(Locale.ROOT, "streams=%d seconds=%.2f tokens=%d ttft_p50_ms=%.2f ttft_p99_ms=%.2f%n",
                all.size(), seconds, all.stream().mapToLong(Stream::tokens).sum(),
                percentile(firstTokens, 0.50) / 1e6, percentile(firstTokens, 0.99) / 1e6);
    }

    /** One streamed chat with a prompt never sent before; fails on anything but a complete stream. */
    private static Stream stream(String url, String model, String key) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"bench " + RUN_ID + " " + UNIQUE.incrementAndGet() + ": why is the sky blue?\"}]}";
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Citadel-Cache", "no-store")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (!key.isEmpty()) {
            request.header("Authorization", "Bearer " + key);
        }
        long start = System.nanoTime();
        HttpResponse<InputStream> response = HTTP.send(request.build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long firstToken = -1;
        int tokens = 0;
        boolean done = false;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + lines.readLine());
            }
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (TOKEN.matcher(line).matches()) {
                    if (firstToken < 0) {
                        firstToken = System.nanoTime() - start;
                    }
                    tokens++;
                }
                done |= line.equals("data: [DONE]") || line.contains("\"done\":true");
            }
        }
        if (firstToken < 0 || !done) {
            throw new IllegalStateException(url + ": a stream without a token or without its end");
        }
        return new Stream(firstToken, tokens);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
    }
}
