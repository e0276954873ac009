import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code java bench/embedding/EmbeddingBench.java [base-url[,base-url…]] [seconds-per-step] [steps]} (JDK 21+, no
 * dependencies), or {@code bench/embedding/run.sh}, which starts the service(s) for it. Prints one line per step and
 * service; see bench/README.md.
 * <p>
 * Several base URLs compare builds in one run (A/B): each step runs on every service in turn, in slices of
 * {@code BENCH_SLICE_SECONDS} (default 3) until each had the step's length, so a busy machine slows all of them
 * alike rather than whichever ran while another job did.
 * <p>
 * Environment: {@code CITADEL_SERVICE_TOKEN} (the services' token); {@code BENCH_SERVICE_PID}, the service's process
 * id on this machine (comma-separated, one per URL), adds its CPU time per request to each line (utime + stime from
 * {@code /proc/<pid>/stat}, the figure other processes on a shared machine move least); {@code BENCH_TARGET_NAMES}
 * (comma-separated) labels the lines; {@code BENCH_WARMUP_SECONDS} (default 30) of unmeasured load of each path
 * (uncached, cached, batch) on each service before its steps, so that the JIT has compiled it.
 */
public class EmbeddingBench {

    /** The service answers Citadel's services only (docs/architecture.md#security-model): the bench is one. */
    private static final String SERVICE_TOKEN = System.getenv().getOrDefault("CITADEL_SERVICE_TOKEN", "");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String[] WORDS = ("the a cat dog market revenue grew fell quarterly report model vector "
            + "search engine cloud server request latency token river mountain city music history science "
            + "ocean forest coffee morning evening travel budget customer invoice contract meeting").split(" ");
    private static final Duration WARM_UP = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("BENCH_WARMUP_SECONDS", "30")));
    private static final Duration SLICE = Duration.ofSeconds(
            Long.parseLong(System.getenv().getOrDefault("BENCH_SLICE_SECONDS", "3")));
    /** USER_HZ, the unit of /proc's CPU times: 100 on every mainstream Linux architecture. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /** A service under test; {@code pid} empty when it is not known (no CPU figures). */
    private record Target(String name, String base, String pid) {
        @Override
        public String toString() {
            return (name.equals(base) ? base : name + " " + base) + (pid.isEmpty() ? "" : " (pid " + pid + ")");
        }
    }

    private static List<Target> targets;
    private static Duration stepLength;

    public static void main(String[] args) throws Exception {
        List<String> bases = List.of((args.length > 0 ? args[0] : "http://localhost:8001").split(","));
        List<String> pids = list("BENCH_SERVICE_PID");
        List<String> names = list("BENCH_TARGET_NAMES");
        targets = new ArrayList<>();
        for (int i = 0; i < bases.size(); i++) {
            targets.add(new Target(i < names.size() ? names.get(i) : bases.get(i), bases.get(i),
                    i < pids.size() ? pids.get(i) : ""));
        }
        stepLength = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 15);
        String only = args.length > 2 ? args[2] : "all";
        System.out.printf("embedding bench against %s, %d s per step%s, %d s of warm-up per path, %d cores here%n",
                targets, stepLength.toSeconds(), targets.size() > 1 ? " in slices of " + SLICE.toSeconds() + " s" : "",
                WARM_UP.toSeconds(), Runtime.getRuntime().availableProcessors());
        if (only.equals("all") || only.equals("uncached")) {
            Call uncached = target -> post(target, "/api/v1/embeddings/generate",
                    "{\"model\":\"all-minilm\",\"cache_enabled\":false,\"text\":\"" + sentence() + "\"}");
            warmUp("uncached generate", 8, uncached);
            for (int concurrency : new int[] {1, 8, 64}) {
                run("uncached generate, concurrency " + concurrency, concurrency, 1, uncached);
            }
        }
        if (only.equals("all") || only.equals("cached")) {
            String[] hot = new String[1000];
            for (int i = 0; i < hot.length; i++) {
                hot[i] = sentence();
                for (Target target : targets) { // services sharing Redis: the first computes, the others hit
                    post(target, "/api/v1/embeddings/generate",
                            "{\"model\":\"all-minilm\",\"text\":\"" + hot[i] + "\"}");
                }
            }
            Random random = new Random(7);
            Call cached = target -> post(target, "/api/v1/embeddings/generate",
                    "{\"model\":\"all-minilm\",\"text\":\"" + hot[random.nextInt(hot.length)] + "\"}");
            warmUp("cached generate", 64, cached);
            for (int concurrency : new int[] {1, 8, 64}) {
                run("cached generate, concurrency " + concurrency, concurrency, 1, cached);
            }
        }
        if (only.equals("all") || only.equals("batch")) {
            warmUp("uncached batch of 8", 4, target -> post(target, "/api/v1/embeddings/batch", batchBody(8)));
            for (int size : new int[] {1, 8, 32, 64, 128}) {
                run("uncached batch of " + size + ", concurrency 4", 4, size,
                        target -> post(target, "/api/v1/embeddings/batch", batchBody(size)));
            }
        }
        if (only.equals("all") || only.equals("search")) {
            searchAt(10_000);
            searchAt(100_000);
        }
    }

    private static List<String> list(String variable) {
        String value = System.getenv().getOrDefault(variable, "");
        return value.isBlank() ? List.of() : List.of(value.split(","));
    }

    /** Stores {@code size} random vectors into a fresh collection of each service, then searches it. */
    private static void searchAt(int size) throws Exception {
        String collection = "bench-" + size + "-" + UUID.randomUUID().toString().substring(0, 8);
        for (Target target : targets) {
            Random random = new Random(size);
            AtomicInteger next = new AtomicInteger();
            try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < 32; w++) {
                    writers.add(pool.submit(() -> {
                        Random own = new Random(random.nextLong());
                        for (int i = next.getAndIncrement(); i < size; i = next.getAndIncrement()) {
                            post(target, "/api/v1/vectors/store", "{\"collection\":\"" + collection + "\",\"id\":\"p"
                                    + i + "\",\"vector\":" + randomVector(own) + ",\"metadata\":{\"n\":" + i + "}}");
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get();
                }
            }
        }
        Random queries = new Random(1);
        run("vector search, " + size + " vectors of 384, limit 10, concurrency 1", 1, 1, target -> post(target,
                "/api/v1/vectors/search", "{\"collection\":\"" + collection + "\",\"limit\":10,\"vector\":"
                        + randomVector(queries) + "}"));
    }

    private interface Call {
        void run(Target target) throws Exception;
    }

    /** The path's load, unmeasured, for the warm-up time: a cold JVM gives a fraction of its warm throughput. */
    private static void warmUp(String name, int concurrency, Call call) throws Exception {
        if (!WARM_UP.isZero()) {
            System.out.printf("(warm-up: %s, concurrency %d, %d s)%n", name, concurrency, WARM_UP.toSeconds());
            interleave(concurrency, WARM_UP, call);
        }
    }

    /**
     * Runs {@code concurrency} closed-loop workers for one step on each service; prints per service items/s and
     * request latencies and, where its pid is known, its CPU time per request (all of its CPU time from the
     * step's start to its end, divided by its requests), and how busy the machine's cores were meanwhile.
     */
    private static void run(String name, int concurrency, int itemsPerCall, Call call) throws Exception {
        long[] ticksBefore = new long[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            ticksBefore[i] = cpuTicks(targets.get(i));
        }
        long[] machineBefore = machineCpuTicks();
        List<Measured> measured = interleave(concurrency, stepLength, call);
        long[] machineAfter = machineCpuTicks();
        long total = machineAfter[0] - machineBefore[0];
        double busy = total == 0 ? 0 : 100.0 * (total - (machineAfter[1] - machineBefore[1])) / total;
        for (int i = 0; i < targets.size(); i++) {
            Target target = targets.get(i);
            long[] all = measured.get(i).latencies();
            double seconds = measured.get(i).nanos() / 1e9;
            System.out.printf(Locale.ROOT, "%-62s %9.0f items/s  %7.0f req/s  p50 %7.1f ms  p99 %7.1f ms",
                    targets.size() > 1 ? name + " [" + target.name() + "]" : name,
                    all.length * (double) itemsPerCall / seconds, all.length / seconds, percentile(all, 0.50),
                    percentile(all, 0.99));
            if (!target.pid().isEmpty()) {
                double cpuMs = (cpuTicks(target) - ticksBefore[i]) * 1000.0 / CLOCK_TICKS_PER_SECOND;
                System.out.printf(Locale.ROOT, "  service CPU %.3f ms/req", cpuMs / all.length);
                if (itemsPerCall > 1) {
                    System.out.printf(Locale.ROOT, " (%.3f ms/item)", cpuMs / all.length / itemsPerCall);
                }
            }
            System.out.printf(Locale.ROOT, "  cores busy %.0f %%%n", busy);
        }
    }

    /** One service's share of a step: its sorted latencies (ns) and the time it had the load. */
    private record Measured(long[] latencies, long nanos) {
    }

    /**
     * {@code length} of load on each service: all of it at once for one service; for several, slices taken in
     * turn, the order rotating every round so that none always follows the same neighbour.
     */
    private static List<Measured> interleave(int concurrency, Duration length, Call call) throws Exception {
        int n = targets.size();
        Duration slice = n == 1 || SLICE.compareTo(length) >= 0 ? length : SLICE;
        List<List<long[]>> latencies = new ArrayList<>();
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            latencies.add(new ArrayList<>());
        }
        for (int round = 0; nanos[0] < length.toNanos(); round++) {
            for (int k = 0; k < n; k++) {
                int i = (k + round) % n;
                Target target = targets.get(i);
                long start = System.nanoTime();
                latencies.get(i).add(load(concurrency, slice, () -> call.run(target)));
                nanos[i] += System.nanoTime() - start;
            }
        }
        List<Measured> measured = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            measured.add(new Measured(latencies.get(i).stream().flatMapToLong(Arrays::stream).sorted().toArray(),
                    nanos[i]));
        }
        return measured;
    }

    private interface Send {
        void send() throws Exception;
    }

    /** Latencies (ns) of {@code concurrency} closed-loop workers sending for {@code length}. */
    private static long[] load(int concurrency, Duration length, Send request) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        List<long[]> perWorker = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<long[]>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 16];
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        request.send();
                        if (n == latencies.length) {
                            latencies = Arrays.copyOf(latencies, n * 2);
                        }
                        latencies[n++] = System.nanoTime() - start;
                    }
                    return Arrays.copyOf(latencies, n);
                }));
            }
            for (Future<long[]> worker : workers) {
                perWorker.add(worker.get());
            }
        }
        return perWorker.stream().flatMapToLong(Arrays::stream).toArray();
    }

    /** utime + stime of the service's process (all its threads), in clock ticks; 0 without a pid. */
    private static long cpuTicks(Target target) throws Exception {
        if (target.pid().isEmpty()) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + target.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** All cores' ticks and their idle + iowait ticks, from /proc/stat; zeros where there is no such file. */
    private static long[] machineCpuTicks() throws Exception {
        Path stat = Path.of("/proc/stat");
        if (!Files.exists(stat)) {
            return new long[2];
        }
        String[] fields = Files.readAllLines(stat).getFirst().trim().split("\\s+");
        long total = 0;
        for (int i = 1; i <= 8; i++) { // user … steal; guest time is already in user
            total += Long.parseLong(fields[i]);
        }
        return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, p * sorted.length)] / 1e6;
    }

    private static void post(Target target, String path, String json) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(target.base() + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + SERVICE_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(target.base() + path + " answered " + response.statusCode() + ": "
                    + response.body());
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
