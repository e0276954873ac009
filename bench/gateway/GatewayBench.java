import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
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
 * Prints one line: {@code streams=N seconds=S tokens=T ttft_p50_ms=X ttft_p99_ms=Y} (loopback only), measured after
 * {@code BENCH_CLIENT_WARMUP_S} (default 5) seconds of the same streams unmeasured.
 */
public class GatewayBench {

    /** A token: an NDJSON line (Ollama) or SSE event (OpenAI) whose content is not empty. */
    private static final Pattern TOKEN = Pattern.compile(".*\"content\":\"[^\"].*");
    private static final AtomicLong UNIQUE = new AtomicLong();
    private static final String RUN_ID = Long.toHexString(System.nanoTime());
    /** Unmeasured streams first: {@code BENCH_CLIENT_WARMUP_S}, default 5. */
    private static final Duration WARM_UP = Duration.ofSeconds(Long.parseLong(
            System.getenv().getOrDefault("BENCH_CLIENT_WARMUP_S", "5")));

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
        // this JVM's own HTTP client is cold, and its JIT would take CPU from the gateway on the same cores
        run(URI.create(base + path), model, key, concurrency, WARM_UP);
        long start = System.nanoTime();
        List<Stream> all = run(URI.create(base + path), model, key, concurrency, length);
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] firstTokens = all.stream().mapToLong(Stream::firstTokenNanos).sorted().toArray();
        System.out.printf(Locale.ROOT, "streams=%d seconds=%.2f tokens=%d ttft_p50_ms=%.2f ttft_p99_ms=%.2f%n",
                all.size(), seconds, all.stream().mapToLong(Stream::tokens).sum(),
                percentile(firstTokens, 0.50) / 1e6, percentile(firstTokens, 0.99) / 1e6);
    }

    /** Closed-loop workers streaming for the given time; the streams they made. */
    private static List<Stream> run(URI url, String model, String key, int concurrency, Duration length)
            throws Exception {
        long end = System.nanoTime() + length.toNanos();
        List<Stream> all = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<List<Stream>>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    List<Stream> streams = new ArrayList<>();
                    try (Connection connection = new Connection(url)) {
                        while (System.nanoTime() < end) {
                            streams.add(connection.stream(url, model, key));
                        }
                    }
                    return streams;
                }));
            }
            for (Future<List<Stream>> worker : workers) {
                all.addAll(worker.get());
            }
        }
        return all;
    }

    /**
     * One worker's keep-alive connection. A plain blocking socket rather than java.net.http: that client's thread
     * hand-offs for every chunk took more CPU than the gateway on the same two cores, and added 1 ms to every first
     * token through the gateway (whose answer comes in many chunks) against 0.05 ms directly (one chunk).
     */
    private static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Connection(URI base) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
            out = socket.getOutputStream();
        }

        /** One streamed chat with a prompt never sent before; fails on anything but a complete stream. */
        Stream stream(URI url, String model, String key) throws IOException {
            byte[] body = ("{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"bench " + RUN_ID + " " + UNIQUE.incrementAndGet() + ": why is the sky blue?\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            String head = "POST " + url.getPath() + " HTTP/1.1\r\nHost: " + url.getAuthority()
                    + "\r\nContent-Type: application/json\r\nX-Citadel-Cache: no-store\r\nContent-Length: "
                    + body.length + "\r\n" + (key.isEmpty() ? "" : "Authorization: Bearer " + key + "\r\n") + "\r\n";
            long start = System.nanoTime();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String status = line();
            boolean chunked = false;
            long length = -1;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String name = header.substring(0, header.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(header.indexOf(':') + 1).trim();
                chunked |= name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked");
                length = name.equals("content-length") ? Long.parseLong(value) : length;
            }
            Lines lines = new Lines(start);
            if (chunked) {
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    lines.add(in.readNBytes(size));
                    line();
                }
                line();
            } else {
                lines.add(in.readNBytes((int) length));
            }
            if (!status.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException(url + " answered " + status + ": " + lines.text);
            }
            if (lines.firstToken < 0 || !lines.done) {
                throw new IllegalStateException(url + ": a stream without a token or without its end");
            }
            return new Stream(lines.firstToken, lines.tokens);
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                line.append((char) c);
            }
            return line.toString().strip();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** The body's lines as they come: when the first token came, how many, and whether the end came. */
    private static final class Lines {

        private final long start;
        private final StringBuilder text = new StringBuilder();
        private long firstToken = -1;
        private int tokens;
        private boolean done;

        Lines(long start) {
            this.start = start;
        }

        void add(byte[] bytes) {
            text.append(new String(bytes, StandardCharsets.UTF_8));
            for (int end = text.indexOf("\n"); end >= 0; end = text.indexOf("\n")) {
                String line = text.substring(0, end).strip();
                text.delete(0, end + 1);
                if (TOKEN.matcher(line).matches()) {
                    if (firstToken < 0) {
                        firstToken = System.nanoTime() - start;
                    }
                    tokens++;
                }
                done |= line.equals("data: [DONE]") || line.contains("\"done\":true");
            }
        }
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)];
    }
}
